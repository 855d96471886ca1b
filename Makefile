# The two commands the README promises: `make run` and `make test`.
GO ?= go
VERSION ?= 0.1.0

.PHONY: run test build vet screenshots

run:
	$(GO) run ./cmd/authtray

build:
	CGO_ENABLED=0 $(GO) build -o bin/authtray ./cmd/authtray

vet:
	$(GO) vet ./...

# Everything: vet, the macOS build and type check, then every test,
# including the real-desktop, ssh and gateway-parity suites (they skip with
# a message on a machine without their tools, and fail under CI=true).
test: vet check-darwin
	$(GO) test -count=1 -timeout 30m ./...

# Rewrite docs/screenshots/*.png from a real run on the headless desktop
# (e2e/desktop/screenshots_test.go).
screenshots:
	AUTHTRAY_SCREENSHOTS=1 $(GO) test -count=1 -v -run '^TestScreenshots$$' ./e2e/desktop

include packaging/Makefile.inc
