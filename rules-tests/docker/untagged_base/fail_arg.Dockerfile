ARG IMAGE=python
# rampart:expect-lines 3
FROM $IMAGE AS app
FROM app
