// @ts-check

/**
 * Which replica runs the live update loop of each source: one row per source with the holder's
 * id and an expiry it keeps renewing. A holder that dies stops renewing and another replica takes
 * the row over once it expired.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('infra_live_leases', table => {
    table.comment('One row per source: the replica running its live loop');
    table.string('source_id', 96).primary().comment('vsphere:<vcenter id>');
    table.string('holder', 128).notNullable().comment('replica / loop id');
    table.bigInteger('expires_at').notNullable().comment('epoch ms');
    table.bigInteger('acquired_at').notNullable().comment('epoch ms');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('infra_live_leases');
};
