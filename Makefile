# livemetrics — the two commands a newcomer needs are `make demo` and `make test`.
.PHONY: demo test setup build bench clean

demo: ## set up, build, and serve the demo with its event engine on http://127.0.0.1:8080
	@scripts/demo.sh

test: ## set up, build, and run every suite
	@scripts/test.sh

setup: ## install what is missing (idempotent)
	@scripts/setup.sh

build: setup ## build the wasm core, the npm package, the demo and the engine
	@scripts/build.sh

bench: build ## run every benchmark (~10 min): writes bench/RESULTS.md and bench/results.json
	@cd bench && node --expose-gc run.mjs

clean:
	rm -rf target pkg/dist pkg/wasm www/app/dist .stamps
