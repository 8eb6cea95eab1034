# rampart:expect-lines 11
resource "aws_db_instance" "app" {
  identifier                  = "app"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  publicly_accessible         = true
  db_subnet_group_name        = "public"
}
