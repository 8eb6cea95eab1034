# Shared helpers for Docker Compose policies.
#
# The model is the project as Compose runs it (the file merged with its override, interpolated
# from `.env`; see docs/writing-policies.md): `services` with `environment` and `labels` as
# mappings and derived `port_bindings` and `mounts`. A file used with `-f` is read alone and
# may be partial, so a rule about a missing setting judges only `complete` services.
package rampart.lib.compose

import rego.v1

services := object.get(input, "services", {})

# A service that says what it runs: not a fragment that only adjusts another file's service.
complete(service) if service.image

complete(service) if service.build

# The image a service runs, when it is written.
image(service) := service.image if is_string(service.image)
