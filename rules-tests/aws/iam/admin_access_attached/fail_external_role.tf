# rampart:expect-lines 11
variable "deploy_role_name" {
  type        = string
  description = "A role created by the platform team's stack"
}

# The role lives elsewhere; this code still makes it an administrator.
resource "aws_iam_role_policy_attachment" "deploy_admin" {
  role = var.deploy_role_name
  # The AWS managed administrator policy.
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
