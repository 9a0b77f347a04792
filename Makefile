# The legal-aid guidance assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(PY) -m rasa
MODEL := models/legal-aid.tar.gz
WEB_DEPS := web/node_modules/.installed
export TF_CPP_MIN_LOG_LEVEL ?= 2
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help install kb train run shell test lint validate unit story-test e2e evaluate \
        cross-validate bench bench-smoke lock clean browser-deps web report

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock scripts/find-python.sh
	@python=$$(scripts/find-python.sh) || exit 1; \
	  [ -x $(PY) ] || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.2"
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	$(PY) -m pip check
	@touch $@

install: $(VENV)/.installed ## .venv (Python 3.10) from requirements.lock, knowledge base, npm ci web
	@$(MAKE) --no-print-directory kb web

web: $(WEB_DEPS) ## the web page's npm packages (rasa-webchat) from web/package-lock.json

$(WEB_DEPS): web/package-lock.json
	npm ci --prefix web --no-audit --no-fund
	@touch $@

browser-deps: $(WEB_DEPS) ## Debian's Chromium + a Chinese font for the browser test (apt-get)
	@[ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/wqy ] || { \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y \
	  chromium fonts-wqy-zenhei; }

kb: $(VENV)/.installed ## build the knowledge base if its source texts changed
	$(PY) -m bot kb build

train: $(VENV)/.installed ## train the model if config, domain or training data changed
	$(PY) -m bot train

run: install train ## start the assistant (REST on localhost:5005); Ctrl-C stops it
	$(PY) -m bot run

shell: install train ## the staff shell (docs/staff-shell.md); DEBUG=1: intent, slots per turn; SHELL_LANGUAGE=zh
	$(PY) -m bot shell $(if $(DEBUG),--debug) $(if $(SHELL_LANGUAGE),--lang $(SHELL_LANGUAGE))

test: install ## everything CI checks: lint, validate, unit tests, train, stories, end to end
	@for target in lint validate unit train story-test e2e; do started=$$(date +%s); \
	  $(MAKE) --no-print-directory $$target || exit 1; \
	  echo "== make $$target took $$(( $$(date +%s) - started )) s"; done

lint: $(VENV)/.installed ## ruff over the Python code
	$(VENV)/bin/ruff check bot actions tests bench

validate: $(VENV)/.installed ## rasa data validate, strict (no warnings)
	$(PY) -m bot validate

unit: $(VENV)/.installed ## pytest without the trained model
	$(PY) -m pytest -m "not e2e" -q --durations=10

story-test: train ## test stories with --fail-on-prediction-errors
	$(PY) -m bot.rasa_patches test core --model $(MODEL) --stories tests/stories --out reports/stories \
	  --fail-on-prediction-errors

e2e: train browser-deps ## real servers over REST and in Chromium (widget); held-out NLU
	$(PY) -m pytest -m e2e -q --durations=25

evaluate: train ## intent accuracy / F1, held-out and dev sets -> reports/nlu_{holdout,dev}.md
	$(PY) -m bot evaluate

cross-validate: $(VENV)/.installed ## 5-fold NLU cross-validation -> reports/nlu_cv.md (slow)
	$(PY) -m bot evaluate --cross-validation

report: $(VENV)/.installed $(WEB_DEPS) ## staff report of the last 30 days -> reports/staff.html (SINCE=7d)
	$(PY) -m bot report --since $(or $(SINCE),30d) --out reports/staff.html

bench: install train ## ours vs the stock rasa-init bot, NLU, KB -> reports/bench.md (~30 min)
	$(PY) -m bench.run

bench-smoke: install train ## short benchmark run (a few messages; cached stock bot if any)
	$(PY) -m bench.run --smoke

lock: $(VENV)/.installed ## rewrite requirements.lock from the current environment
	@(echo "# Every package of the assistant's environment, pinned (Python 3.10). Regenerate with"; \
	  echo "# \`make lock\` from a working environment; install with \`make install\`."; \
	  $(PY) -m pip freeze --all --exclude pip --exclude-editable) > requirements.lock

clean: ## remove the venv, models, reports and local databases
	rm -rf $(VENV) models/*.tar.gz models/*.fingerprint reports var
