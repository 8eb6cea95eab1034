# rampart:expect-lines 12
resource "aws_rds_cluster" "reports" {
  cluster_identifier          = "reports"
  engine                      = "postgres"
  db_cluster_instance_class   = "db.r6gd.large"
  storage_type                = "io1"
  allocated_storage           = 100
  iops                        = 1000
  master_username             = "reports"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = true
}
