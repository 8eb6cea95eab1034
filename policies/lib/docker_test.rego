package rampart.lib.docker_test

import rego.v1

import data.rampart.lib.docker

test_assignments_in_front_of_a_command_are_prefixes if {
	docker._is_prefix("DEBIAN_FRONTEND=noninteractive")
	docker._is_prefix("_X=")
	docker._is_prefix("a1=b=c")
	not docker._is_prefix("=value")
	not docker._is_prefix("1A=b")
	not docker._is_prefix("A-B=c")
	not docker._is_prefix("É=1")
	not docker._is_prefix("apt-get")
}

test_the_c_option_alone_or_among_others if {
	docker._c_flag("-c")
	docker._c_flag("-euxc")
	docker._c_flag("-cx")
	not docker._c_flag("--c")
	not docker._c_flag("-")
	not docker._c_flag("-ex")
	not docker._c_flag("-e-c")
	not docker._c_flag("c")
}

test_commands_split_wrappers_from_argv if {
	cmds := docker.commands("DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl && bash -euxc 'pip install x'")
	cmds[0].pre == ["DEBIAN_FRONTEND=noninteractive", "sudo"]
	cmds[0].argv == ["apt-get", "install", "-y", "curl"]
	cmds[1].argv == ["pip", "install", "x"]
}
