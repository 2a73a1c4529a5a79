// Size entry: everything `livemetrics` exports (the store, transports, glue).
export * from 'livemetrics';
