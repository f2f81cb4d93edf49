// @ts-check

/**
 * Which write of a source's hashes is the current one (a random id per write) and when the state
 * they describe was read. The live loop remembers the id of its own last write; any other id means
 * a full read or a re-link (maybe on another replica) applied entities since, and every object the
 * loop saw change after that read started may have been put back to an older state.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('infra_entity_hashes', table => {
    table
      .string('version', 36)
      .nullable()
      .comment('random id of the write that stored these hashes');
    table
      .bigInteger('snapshot_at')
      .nullable()
      .comment('epoch ms when the state these hashes describe was read');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('infra_entity_hashes', table => {
    table.dropColumn('version');
    table.dropColumn('snapshot_at');
  });
};
