// Size entry: everything `livemetrics/react` exports (react itself excluded).
export * from 'livemetrics/react';
