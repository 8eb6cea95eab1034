resource "aws_db_instance" "app" {
  identifier                          = "app"
  engine                              = "postgres"
  instance_class                      = "db.t4g.micro"
  allocated_storage                   = 20
  username                            = "app"
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
}

resource "aws_db_instance" "ledger" {
  identifier                  = "ledger"
  engine                      = "sqlserver-se"
  license_model               = "license-included"
  instance_class              = "db.m6i.large"
  allocated_storage           = 100
  username                    = "admin"
  manage_master_user_password = true
}
