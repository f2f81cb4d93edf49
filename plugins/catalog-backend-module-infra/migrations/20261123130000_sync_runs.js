// @ts-check

/**
 * Sync run records of the Infra Inventory providers. They live in the catalog's database, so the
 * table is prefixed and migrations keep their own bookkeeping table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('infra_sync_runs', table => {
    table.comment('One row per sync run of a vSphere or NetBox provider');
    table.bigIncrements('id').primary();
    table.string('source_kind', 16).notNullable().comment('vsphere | netbox');
    table
      .string('source_id', 64)
      .notNullable()
      .comment('configured vCenter / NetBox id');
    table.string('mode', 16).notNullable().comment('full | delta');
    table
      .string('status', 16)
      .notNullable()
      .comment('running | succeeded | failed | skipped');
    table
      .string('phase', 32)
      .nullable()
      .comment('connect | inventory | alarms | apply | done');
    table.bigInteger('started_at').notNullable().comment('epoch ms');
    table.bigInteger('finished_at').nullable();
    table.integer('fetch_ms').nullable();
    table.integer('process_ms').nullable();
    table.integer('calls').nullable().comment('SOAP or REST calls');
    table.integer('pages').nullable();
    table.bigInteger('bytes').nullable();
    table
      .text('counts')
      .nullable()
      .comment('JSON: per type {total, added, updated, removed}');
    table
      .text('progress')
      .nullable()
      .comment('JSON: {done, total} of the current phase');
    table.text('error').nullable();
    table.index(
      ['source_kind', 'source_id', 'started_at'],
      'infra_sync_runs_source_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('infra_sync_runs');
};
