// @ts-check

/**
 * MAC trace: jobs and their per-switch progress (so any replica can answer a status request),
 * the sightings history, the audit trail, and host keys learnt on first use.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('infra_mactrace_jobs', table => {
    table.comment('MAC trace jobs; the state lives here, not in one process');
    table.string('id', 64).primary().notNullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('queued | running | done | failed');
    table.string('requested_by', 255).notNullable();
    table.text('macs').notNullable().comment('JSON array of 12-hex MACs');
    table.text('filter').notNullable().comment('JSON {site, floor, switches}');
    table.integer('total_switches').notNullable().defaultTo(0);
    table.integer('done_switches').notNullable().defaultTo(0);
    table.text('result').nullable().comment('JSON per-MAC results when done');
    table.text('error').nullable();
    table.bigInteger('created_at').notNullable().comment('epoch ms');
    table.bigInteger('started_at').nullable();
    table.bigInteger('finished_at').nullable();
    table.index(['created_at'], 'infra_mactrace_jobs_created_idx');
  });
  await knex.schema.createTable('infra_mactrace_switch_results', table => {
    table.string('job_id', 64).notNullable();
    table.string('switch_id', 255).notNullable();
    table
      .string('status', 32)
      .notNullable()
      .comment(
        'pending | ok | not_found | timeout | auth_failed | refused | host_key_mismatch | disconnected | error',
      );
    table.text('message').nullable();
    table.integer('macs_found').notNullable().defaultTo(0);
    table.integer('commands').notNullable().defaultTo(0);
    table.integer('duration_ms').nullable();
    table.boolean('partial').notNullable().defaultTo(false);
    table.bigInteger('updated_at').notNullable();
    table.primary(['job_id', 'switch_id']);
  });
  await knex.schema.createTable('infra_mactrace_sightings', table => {
    table.comment('Where each MAC was seen, and when first and last');
    table.string('mac', 12).notNullable();
    table.string('switch_id', 255).notNullable();
    table.string('port', 128).notNullable();
    table
      .integer('vlan')
      .notNullable()
      .defaultTo(0)
      .comment('0 = none printed');
    table
      .string('port_kind', 32)
      .notNullable()
      .defaultTo('edge')
      .comment('edge, or why the port is not one (lag, trunk, lldp_uplink...)');
    table.bigInteger('first_seen').notNullable();
    table.bigInteger('last_seen').notNullable();
    table.primary(['mac', 'switch_id', 'port', 'vlan']);
    table.index(['mac', 'last_seen'], 'infra_mactrace_sightings_mac_idx');
  });
  await knex.schema.createTable('infra_mactrace_audit', table => {
    table.increments('id');
    table.bigInteger('at').notNullable();
    table.string('actor', 255).notNullable().comment('who');
    table.string('action', 64).notNullable().comment('what');
    table
      .text('detail')
      .notNullable()
      .comment('JSON: MACs, site/floor, switches (where)');
    table.string('job_id', 64).nullable();
    table.string('outcome', 32).notNullable();
    table.integer('duration_ms').nullable();
    table.index(['at'], 'infra_mactrace_audit_at_idx');
  });
  await knex.schema.createTable('infra_mactrace_host_keys', table => {
    table.string('switch_id', 255).primary().notNullable();
    table.string('fingerprint', 128).notNullable().comment('SHA256:<base64>');
    table.bigInteger('first_seen').notNullable();
    table.string('last_mismatch', 128).nullable();
    table.bigInteger('last_mismatch_at').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const t of [
    'infra_mactrace_host_keys',
    'infra_mactrace_audit',
    'infra_mactrace_sightings',
    'infra_mactrace_switch_results',
    'infra_mactrace_jobs',
  ]) {
    await knex.schema.dropTable(t);
  }
};
