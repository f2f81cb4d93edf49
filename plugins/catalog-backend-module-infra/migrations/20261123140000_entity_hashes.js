// @ts-check

/**
 * What each source last applied: entity name to a hash of its rendered form. It gives the run
 * counts (new / updated / removed), the mass-removal guard and the live loop's "changed only"
 * deltas, and it survives restarts and replica changes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('infra_entity_hashes', table => {
    table.comment(
      'Per source: the entities last applied to the catalog and their hashes',
    );
    table.string('source_kind', 16).notNullable();
    table.string('source_id', 64).notNullable();
    table
      .text('hashes')
      .notNullable()
      .comment('JSON: {entityName: [type, hash]}');
    table.bigInteger('updated_at').notNullable();
    table.primary(['source_kind', 'source_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('infra_entity_hashes');
};
