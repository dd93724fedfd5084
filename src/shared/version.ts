// The app's version, written into exported files (tests/unit/shared/version.test.ts keeps it equal
// to package.json's).
export const APP_VERSION = '0.1.0';
