// @ts-check

/**
 * Which write of a source's hashes is the current one: a random id per write. The live loop
 * remembers the id of its own last write; any other id means a full read or a re-link (maybe on
 * another replica) applied entities since, so the loop compares its whole model with the catalog
 * instead of only the objects its next batch changed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('infra_entity_hashes', table => {
    table
      .string('version', 36)
      .nullable()
      .comment('random id of the write that stored these hashes');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('infra_entity_hashes', table => {
    table.dropColumn('version');
  });
};
