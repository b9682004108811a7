import { Doc, isPlainDoc } from '../bson/bson-value';
import { failedToParse } from '../mongo.errors';
import { runPipeline } from '../query/aggregate.pipeline';
import { CommandHandler } from './command.context';

const aggregateCmd: CommandHandler = (ctx) => {
  const target = ctx.cmd.aggregate;
  if (!isPlainDoc(ctx.cmd.cursor) && !ctx.cmd.explain) {
    throw failedToParse("The 'cursor' option is required, except for aggregate with the explain argument");
  }
  // `aggregate: 1` runs collection-less pipelines such as `$documents`.
  const name = typeof target === 'string' ? target : undefined;
  const coll = name ? ctx.node.catalog.get(ctx.db, name) : undefined;
  const variables = isPlainDoc(ctx.cmd.let) ? ctx.cmd.let : undefined;
  const docs = runPipeline({ catalog: ctx.node.catalog, db: ctx.db, variables }, coll, ctx.cmd.pipeline);
  const batchSize = (ctx.cmd.cursor as Doc | undefined)?.batchSize as number | undefined;
  return ctx.node.cursors.first(`${ctx.db}.${name ?? '$cmd.aggregate'}`, docs, batchSize);
};

/** The aggregate command. */
export const aggregateCommands: Record<string, CommandHandler> = { aggregate: aggregateCmd };
