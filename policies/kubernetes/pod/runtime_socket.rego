# METADATA
# title: Pod mounts the container runtime socket
# description: >-
#   A hostPath volume that exposes the Docker, containerd or CRI-O socket (or a host directory
#   containing it) gives the pod full control of the node's container runtime: it can start a
#   privileged container, read every container's files and take over the node.
# scope: package
# related_resources:
#   - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S-010
#   severity: CRITICAL
#   recommended_action: >-
#     Do not mount the container runtime socket or its parent directories into pods; use the
#     Kubernetes API or a dedicated, isolated build service (for example rootless BuildKit or Kaniko).
#   input:
#     selector:
#       - type: kubernetes
#         kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   frameworks:
#     pss-baseline: ["host-path-volumes"]
#     pss-restricted: ["host-path-volumes", "volume-types"]
#     cis-kubernetes: ["5.2.12"]
#     nsa-cisa-k8s: ["pod-security", "privileged"]
#     nist-800-53-r5: ["AC-6", "SC-39"]
#     pci-dss-4.0: ["2.2.6", "7.2.5"]
#     soc2: ["CC6.1", "CC6.3"]
package rampart.kubernetes.pod.runtime_socket

import rego.v1

import data.rampart.lib.kubernetes as k8s

runtime_sockets := {
	"/var/run/docker.sock",
	"/run/docker.sock",
	"/var/run/containerd/containerd.sock",
	"/run/containerd/containerd.sock",
	"/var/run/crio/crio.sock",
	"/run/crio/crio.sock",
	"/var/run/cri-dockerd.sock",
	"/run/cri-dockerd.sock",
	"/var/run/dockershim.sock",
	"/run/k3s/containerd/containerd.sock",
	"/run/podman/podman.sock",
}

socket_names := {"docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "dockershim.sock", "podman.sock"}

# "/var/run/" -> "/var/run", "/" -> ""
normalized(p) := trim_right(p, "/")

exposes_socket(p) if normalized(p) in runtime_sockets

# A parent directory of a socket (including the host root).
exposes_socket(p) if {
	some s in runtime_sockets
	startswith(s, concat("", [normalized(p), "/"]))
}

# A runtime socket in a non-standard location.
exposes_socket(p) if {
	parts := split(normalized(p), "/")
	parts[count(parts) - 1] in socket_names
}

deny contains {"msg": msg, "path": array.concat(v.path, ["hostPath", "path"])} if {
	some v in k8s.volumes
	host := v.volume.hostPath.path
	is_string(host)
	startswith(host, "/")
	exposes_socket(host)
	msg := sprintf("%s: volume %q mounts host path %q, which exposes the container runtime socket; remove the volume", [k8s.label, v.name, host])
}
