// Test tooling runs from source and is never bundled, so __dirname is what it says.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: { 'no-restricted-syntax': 'off' },
});
