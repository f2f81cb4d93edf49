// @ts-check

/**
 * The database layer of the cluster-resources cache: the last resort when memory and Redis have
 * nothing, and what survives a Redis outage or a backend restart.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('infra_cache_entries', table => {
    table.comment('Layered cache entries (memory -> Redis -> this table)');
    table.string('key', 512).primary().notNullable();
    table
      .binary('value')
      .notNullable()
      .comment('JSON, gzip-compressed when encoding = gzip');
    table.string('encoding', 16).notNullable().defaultTo('json');
    table.bigInteger('stored_at').notNullable().comment('epoch ms');
    table
      .bigInteger('expires_at')
      .notNullable()
      .comment('epoch ms; served stale after');
    table.index(['expires_at'], 'infra_cache_entries_expires_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('infra_cache_entries');
};
