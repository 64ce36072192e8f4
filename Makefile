# Residens: the everyday commands. `make` alone lists them.
#
# The database comes from scripts/db.sh: DATABASE_URL when set, else the local
# PostgreSQL server on its default socket, else a private cluster it starts in
# .cache/pg (see the top of scripts/db.sh).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO ?= go
# Test settings: packages run two at a time (the machines have two cores;
# each package also drives PostgreSQL and, for the browser tests, Chromium).
PKGS ?= ./...
TEST_P ?= 2
TEST_TIMEOUT ?= 15m
TESTFLAGS ?=
# Extra arguments, e.g. make migrate ARGS=status
ARGS ?=
# axe-core for the browser tests' accessibility checks, pinned.
AXE_CORE_VERSION ?= 4.14.1
VNU_VERSION ?= 26.9.27
NODE_DIR := .cache/node

# Prefix for recipes that need a database: puts DATABASE_URL in the shell
# (MODE run: the residens database, created when missing; test: a superuser
# connection for pgtestdb). A failure of db.sh stops the recipe.
with_db = dbenv="$$(bash scripts/db.sh $(1))"; eval "$$dbenv";

# The Go files to format-check: everything but caches and build output.
go_files = find . \( -path ./.git -o -path ./.cache -o -path ./bin -o -path ./tmp -o -name node_modules \) -prune -o -name '*.go' -print
templ_files = find . \( -path ./.git -o -path ./.cache -o -path ./bin -o -path ./tmp -o -name node_modules \) -prune -o -name '*_templ.go' -print

.PHONY: help run test generate check-generate migrate seed build lint vulncheck bench browser-deps clean db db-status db-stop db-destroy

help: ## list the targets
	@echo "Residens: make <target>"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 18
	@echo
	@echo "Database: DATABASE_URL if set, else the local server, else a private one in .cache/pg."

# make run: where Mailpit, the development mail sink, takes SMTP and shows
# its web UI.
MAILPIT_SMTP ?= 127.0.0.1:1025
MAILPIT_UI ?= 127.0.0.1:8025

# run starts Mailpit unless SMTP_URL is set or something already listens on
# MAILPIT_SMTP (then that is used). Mailpit runs in a session of its own, so
# that Ctrl-C reaches only the portal, which may then finish sending; the EXIT
# trap stops Mailpit once the portal has stopped. Its messages live in a
# temporary database that goes with it. The demo gets one account per role
# with a known password, printed with Mailpit's address before the portal
# starts; never with an https BASE_URL, which seed refuses them for.
run: ## migrate, load the demo content and accounts and serve (http://127.0.0.1:8080 unless ADDR says), with Mailpit catching mail
	@$(call with_db,run) \
	$(GO) build -o bin/residens ./cmd/residens; \
	bin/residens migrate; \
	case "$${BASE_URL:-}" in \
		https:*) bin/residens seed --demo; echo "Demokonton: inga, eftersom BASE_URL är en https-adress";; \
		*) bin/residens seed --demo --accounts;; \
	esac; \
	if [ -n "$${SMTP_URL:-}" ]; then \
		echo "Mail: sent through SMTP_URL (Mailpit not started)"; \
	elif (exec 3<>/dev/tcp/$(subst :,/,$(MAILPIT_SMTP))) 2>/dev/null; then \
		export SMTP_URL="smtp://$(MAILPIT_SMTP)"; \
		echo "Mail: something already listens on $(MAILPIT_SMTP) (a Mailpit?); mail goes there"; \
	else \
		export SMTP_URL="smtp://$(MAILPIT_SMTP)"; \
		$(GO) build -modfile=tools/go.mod -o bin/mailpit github.com/axllent/mailpit; \
		newsession="$$(command -v setsid || true)"; \
		$$newsession bin/mailpit --smtp $(MAILPIT_SMTP) --listen $(MAILPIT_UI) \
			--disable-version-check --smtp-disable-rdns --quiet & \
		mailpit_pid=$$!; \
		trap 'kill $$mailpit_pid 2>/dev/null || true' EXIT; \
		echo "Mail: Mailpit catches what the portal sends; read it at http://$(MAILPIT_UI)/"; \
	fi; \
	echo "Residens: $${BASE_URL:-http://$${ADDR:-127.0.0.1:8080}}/ (Ctrl-C stops it)"; \
	DRAIN_TIME="$${DRAIN_TIME:-0}" DEV_PAGES="$${DEV_PAGES:-on}" \
	ORG_NAME="$${ORG_NAME-Region Exempel, kulturförvaltningen}" ORG_URL="$${ORG_URL-https://www.region.example.se}" \
	ORG_LOGO="$${ORG_LOGO-scripts/demo-logotyp.svg}" ORG_ADDRESS="$${ORG_ADDRESS-Box 100, 100 00 Exempelstad}" \
	ORG_PHONE="$${ORG_PHONE-010-000 00 00}" ORG_EMAIL="$${ORG_EMAIL-kultur@region.example.se}" \
	ORG_NUMBER="$${ORG_NUMBER-000000-0000}" \
	bin/residens serve

test: ## run all tests against a real PostgreSQL (TESTFLAGS, PKGS, TEST_P, TEST_TIMEOUT)
	@$(call with_db,test) \
	echo "$(strip go test -p $(TEST_P) -timeout $(TEST_TIMEOUT) $(TESTFLAGS) $(PKGS))$${CI:+ (CI=$$CI)}"; \
	CI="$${CI:-}" $(GO) test -p $(TEST_P) -timeout $(TEST_TIMEOUT) $(TESTFLAGS) $(PKGS)

generate: ## generate Go code from the .templ files
	$(GO) tool templ generate

# Fails when generating changes the *_templ.go files (the committed code is
# stale). git status must also be clean for them: a failure in CI, a warning
# elsewhere (where new, not yet committed files are normal).
check-generate: ## fail if the generated *_templ.go files are not up to date
	@before="$$($(templ_files) | sort | xargs -r sha256sum)"; \
	$(GO) tool templ generate; \
	after="$$($(templ_files) | sort | xargs -r sha256sum)"; \
	if [ "$$before" != "$$after" ]; then \
		echo "check-generate: 'go tool templ generate' changed these files; run make generate and commit them:"; \
		diff <(echo "$$before") <(echo "$$after") | sed -nE 's/^[<>] [0-9a-f]+ +/  /p' | sort -u; \
		exit 1; \
	fi; \
	changes="$$(git status --porcelain --untracked-files=all -- '*_templ.go' 2>/dev/null || true)"; \
	if [ -n "$$changes" ]; then \
		echo "check-generate: generated files differ from the last commit:"; echo "$$changes"; \
		if [ -n "$${CI:-}" ]; then exit 1; fi; \
	else \
		echo "check-generate: generated code is up to date"; \
	fi

migrate: ## run the pending migrations (ARGS=status or ARGS=down for the others)
	@$(call with_db,run) $(GO) run ./cmd/residens migrate $(ARGS)

seed: ## load the demo content (again: it is idempotent)
	@$(call with_db,run) $(GO) run ./cmd/residens seed --demo

build: ## build bin/residens
	$(GO) build -o bin/residens ./cmd/residens

# The development tools (staticcheck, govulncheck, Mailpit) are pinned in
# tools/go.mod, apart from the application's own version selection.
tool = $(GO) tool -modfile=tools/go.mod

lint: ## gofmt (must list nothing), go vet and staticcheck
	@files="$$($(go_files) | xargs -r gofmt -l)"; \
	if [ -n "$$files" ]; then echo "lint: not gofmt-formatted (run gofmt -w on them):"; echo "$$files"; exit 1; fi
	$(GO) vet ./...
	$(tool) staticcheck ./...

# govulncheck needs the Go vulnerability database, which it fetches over the
# network. Known vulnerabilities in reachable code fail (its exit code 3);
# when the database cannot be fetched it says so and passes, since that says
# nothing about the code.
vulncheck: ## report known vulnerabilities in the code's call graph (needs the network)
	@out="$$(mktemp)"; trap 'rm -f "$$out"' EXIT; \
	if $(tool) govulncheck ./... >"$$out" 2>&1; then cat "$$out"; exit 0; else rc=$$?; fi; \
	cat "$$out"; \
	if [ "$$rc" = 3 ]; then echo "vulncheck: known vulnerabilities are reachable (above)"; exit 1; fi; \
	if grep -qiE 'fetch|dial|lookup|no such host|connection|timeout|network|TLS|certificate' "$$out"; then \
		echo "vulncheck: NOT CHECKED: the vulnerability database could not be reached from here (exit $$rc); this says nothing about the code"; \
		exit 0; \
	fi; \
	echo "vulncheck: govulncheck failed (exit $$rc)"; exit 1

bench: ## run the benchmarks (scripts/bench.sh)
	bash scripts/bench.sh

browser-deps: ## install axe-core and the Nu HTML Checker (vnu-jar) into .cache/node for the browser tests
	@have="$$(node -p 'require("./$(NODE_DIR)/node_modules/axe-core/package.json").version' 2>/dev/null || true)"; \
	if [ "$$have" = "$(AXE_CORE_VERSION)" ] && [ -f $(NODE_DIR)/node_modules/axe-core/axe.min.js ]; then \
		echo "axe-core $$have is in $(NODE_DIR)"; \
	else \
		mkdir -p $(NODE_DIR); \
		npm install --prefix $(NODE_DIR) --no-save --no-package-lock --no-audit --no-fund axe-core@$(AXE_CORE_VERSION); \
	fi
	@have="$$(node -p 'require("./$(NODE_DIR)/node_modules/vnu-jar/package.json").version' 2>/dev/null || true)"; \
	if [ "$$have" = "$(VNU_VERSION)" ] && [ -f $(NODE_DIR)/node_modules/vnu-jar/build/dist/vnu.jar ]; then \
		echo "vnu-jar $$have is in $(NODE_DIR)"; \
	else \
		mkdir -p $(NODE_DIR); \
		npm install --prefix $(NODE_DIR) --no-save --no-package-lock --no-audit --no-fund \
			axe-core@$(AXE_CORE_VERSION) vnu-jar@$(VNU_VERSION); \
	fi
	@command -v java >/dev/null 2>&1 || echo "note: the HTML check also needs Java (Debian: apt-get install default-jre-headless)"
	@if [ -z "$${CHROME_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then \
		echo "note: the browser tests also need Chromium (Debian: apt-get install chromium, or set CHROME_PATH)"; \
	fi

db: ## print the DATABASE_URL line for a shell: eval "$(make -s db)"
	@bash scripts/db.sh run

db-status: ## say which database server is used
	@bash scripts/db.sh status

db-stop: ## stop the private cluster in .cache/pg, if it runs
	@bash scripts/db.sh stop

db-destroy: ## stop and delete the private cluster in .cache/pg
	@bash scripts/db.sh destroy

clean: ## remove build and test output (keeps .cache: the private cluster and axe-core)
	rm -rf bin tmp coverage.out coverage.html cover.out *.test
