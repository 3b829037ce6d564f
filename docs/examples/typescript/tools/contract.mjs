// The published contract is the live one, checked with graphql-js (an implementation independent of the server's):
//  1. the standard introspection query (what GraphiQL, codegen and IDEs send; here with the schema's description)
//     against the live endpoint,
//     printed sorted, must equal server/schema.graphql printed sorted;
//  2. findBreakingChanges(released, live) must be empty: remove or change a field only after a release
//     that deprecated it (@deprecated(reason: "… YYYY-MM-DD …"));
//  3. every deprecation reason carries a date.
// usage: node tools/contract.mjs --url http://127.0.0.1:5080/graphql --schema server/schema.graphql --released server/schema.released.graphql
// credentials: GRIDGOV_API_KEY (X-Api-Key) or GRIDGOV_TOKEN (Bearer). Exit 0 when all hold, 1 with the reasons otherwise.
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, findBreakingChanges, getIntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const sorted = (schema) => printSchema(lexicographicSortSchema(schema));
const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json' };
if (process.env.GRIDGOV_API_KEY) headers['X-Api-Key'] = process.env.GRIDGOV_API_KEY;
if (process.env.GRIDGOV_TOKEN) headers.Authorization = `Bearer ${process.env.GRIDGOV_TOKEN}`;

const res = await fetch(args.url, { method: 'POST', headers, body: JSON.stringify({ query: getIntrospectionQuery({ schemaDescription: true }) }) });
const body = await res.json();
if (res.status !== 200 || body.errors) {
  console.error(`introspection failed: HTTP ${res.status} ${JSON.stringify(body.errors ?? body)}`);
  process.exit(1);
}
const live = buildClientSchema(body.data);
const problems = [];

const liveText = sorted(live);
const fileText = sorted(buildSchema(readFileSync(args.schema, 'utf8')));
if (liveText !== fileText) {
  const a = liveText.split('\n'), b = fileText.split('\n');
  const onlyLive = a.filter((l) => !b.includes(l)), onlyFile = b.filter((l) => !a.includes(l));
  problems.push(`the live schema differs from ${args.schema}:\n  only live: ${onlyLive.slice(0, 10).join(' | ')}\n  only in file: ${onlyFile.slice(0, 10).join(' | ')}`);
}
if (args.released) {
  // Both sides as SDL, so graphql-js adds the same built-in directives to each (introspection lists only the server's).
  for (const c of findBreakingChanges(buildSchema(readFileSync(args.released, 'utf8')), buildSchema(printSchema(live))))
    problems.push(`breaking change against ${args.released}: ${c.type}: ${c.description}`);
}
for (const type of Object.values(live.getTypeMap())) {
  if (type.name.startsWith('__')) continue;
  const members = [...(type.getFields ? Object.values(type.getFields()) : []), ...(type.getValues ? type.getValues() : [])];
  for (const m of members)
    if (m.deprecationReason != null && !/\d{4}-\d{2}-\d{2}/.test(m.deprecationReason))
      problems.push(`${type.name}.${m.name} is deprecated without a date in its reason: "${m.deprecationReason}"`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`contract holds: ${Object.keys(live.getTypeMap()).length} types, introspected over ${args.url}`);
