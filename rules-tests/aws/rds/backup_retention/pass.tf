resource "aws_db_instance" "app" {
  identifier                  = "app"
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  backup_retention_period     = 14
}

resource "aws_db_instance" "replica" {
  identifier          = "app-replica"
  replicate_source_db = aws_db_instance.app.identifier
  instance_class      = "db.t4g.micro"
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier          = "aurora"
  engine                      = "aurora-postgresql"
  master_username             = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  backup_retention_period     = 35
}

resource "aws_rds_cluster_instance" "aurora" {
  identifier         = "aurora-1"
  cluster_identifier = aws_rds_cluster.aurora.id
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}
