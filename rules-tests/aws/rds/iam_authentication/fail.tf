# rampart:expect-lines 9
resource "aws_db_instance" "app" {
  identifier                          = "app"
  engine                              = "mysql"
  instance_class                      = "db.t4g.micro"
  allocated_storage                   = 20
  username                            = "admin"
  manage_master_user_password         = true
  iam_database_authentication_enabled = false
}
