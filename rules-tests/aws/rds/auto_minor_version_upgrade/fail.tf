# rampart:expect-lines 9,24
resource "aws_db_instance" "app" {
  identifier                  = "app"
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  auto_minor_version_upgrade  = false
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier          = "aurora"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster_instance" "aurora" {
  identifier                 = "aurora-1"
  cluster_identifier         = aws_rds_cluster.aurora.id
  instance_class             = "db.r6g.large"
  engine                     = "aurora-postgresql"
  auto_minor_version_upgrade = false
}
