# Two commands on a fresh machine: `make run` (serve the portal with demo data) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.runtime-installed
DEV_STAMP  := $(VENV)/.dev-installed
ASSET_STAMP := static/vendor/.installed
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: run test setup assets migrate lint format messages bench worker clean demo-code cluster cluster-stop \
	cluster-status cluster-drop fairday screenshots

run: setup migrate
	@$(BIN)/python manage.py seed_demo
	@echo "Serving http://$(HOST)/  (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST)

test: $(DEV_STAMP) $(ASSET_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages -v 0 -i .venv -i node_modules; fi
	$(BIN)/pytest $(PYTEST_ARGS)

setup: $(RUN_STAMP) $(ASSET_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(RUN_STAMP)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# Front-end assets come from the npm registry and are copied into static/vendor (git-ignored); never a CDN.
assets: $(ASSET_STAMP)
$(ASSET_STAMP): package.json
	@command -v npm >/dev/null || { echo "npm is needed for the front-end assets: apt-get install nodejs npm"; exit 1; }
	npm install --no-audit --no-fund --loglevel=error
	rm -rf static/vendor
	mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons static/vendor/chart.js static/vendor/jsqr static/vendor/axe-core static/vendor/hls.js static/vendor/tom-select
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js static/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts static/vendor/bootstrap-icons/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/chart.js/
	cp node_modules/jsqr/dist/jsQR.js static/vendor/jsqr/
	cp node_modules/axe-core/axe.min.js static/vendor/axe-core/  # the accessibility tests inject it (tests/e2e)
	cp node_modules/hls.js/dist/hls.min.js node_modules/hls.js/dist/hls.min.js.map static/vendor/hls.js/
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/js/tom-select.complete.min.js.map node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css.map static/vendor/tom-select/
	touch $@

migrate: setup
	$(BIN)/python manage.py migrate --noinput -v 0

lint: $(DEV_STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Catalogues: portal + site templates → locale/; each pillar app → <app>/locale/. Source strings are English.
messages: $(DEV_STAMP)
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete -i '.venv/*' -i 'node_modules/*' -i 'jobs/*' -i 'training/*' -i 'entrepreneurship/*' -i 'benefits/*' -i 'tests/*' -i 'bench/*'
	for app in jobs training entrepreneurship benefits; do (cd $$app && ../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete); done
	$(BIN)/python manage.py compilemessages -i .venv -i node_modules

# The code demo-staff's second factor wants right now (demo data only).
demo-code: setup
	@$(BIN)/python manage.py staff_totp demo-staff --code | tail -1

worker: setup
	$(BIN)/celery -A portal worker -B -l info

# Every main page of every demo role at 375 px and 1366 px, zh-hans and en, into test-artifacts/screenshots/
# (git-ignored; open its index.html). Narrow it: make screenshots SCREENSHOT_ROLES=demo-veteran SCREENSHOT_ONLY=/jobs/
screenshots: $(DEV_STAMP) $(ASSET_STAMP)
	SCREENSHOT_ROLES="$(SCREENSHOT_ROLES)" SCREENSHOT_ONLY="$(SCREENSHOT_ONLY)" $(BIN)/pytest -n 0 -q -s tests/e2e/screenshots.py

bench: $(DEV_STAMP) $(ASSET_STAMP)
	$(BIN)/python bench/run.py

# The compose topology on this machine, without Docker (README "Scale"): nginx, 2 gunicorn nodes, PgBouncer,
# PostgreSQL primary + streaming replica (Debian clusters on 5440/5441), Redis, 2 Celery workers + beat, moto's S3.
cluster: $(DEV_STAMP) $(ASSET_STAMP)
	bash portal/deploy/cluster/cluster.sh start

cluster-stop:
	bash portal/deploy/cluster/cluster.sh stop

cluster-status:
	bash portal/deploy/cluster/cluster.sh status

# Stops the cluster and deletes its two PostgreSQL clusters and .cluster/ (every byte of its data).
cluster-drop:
	bash portal/deploy/cluster/cluster.sh drop

# A fair day against the running cluster (bench/README.md "Fair day"); FAIRDAY_ARGS="--veterans 2000 …".
fairday: $(DEV_STAMP)
	$(BIN)/python bench/fairday.py $(FAIRDAY_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3 .test-media test-artifacts
