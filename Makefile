# The two commands the README promises: `make run` and `make test`.
GO ?= go

.PHONY: run test build vet

run:
	$(GO) run ./cmd/authtray

build:
	CGO_ENABLED=0 $(GO) build -o bin/authtray ./cmd/authtray

vet:
	$(GO) vet ./...

test: vet
	$(GO) test -count=1 ./...
