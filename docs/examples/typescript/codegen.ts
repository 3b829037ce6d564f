// graphql-codegen reads the schema from the live endpoint by the standard introspection query, with your key.
import type { CodegenConfig } from '@graphql-codegen/cli';

const url = (process.env.GRIDGOV_URL ?? 'http://127.0.0.1:5080') + '/graphql';
const config: CodegenConfig = {
  schema: [{ [url]: { headers: { 'X-Api-Key': process.env.GRIDGOV_API_KEY ?? '' } } }],
  documents: 'src/queries.graphql',
  generates: {
    'src/generated/graphql.ts': {
      // The operations' own types (with the enums they use): what a client imports.
      plugins: ['typescript-operations'],
      config: { scalars: { GeoJSON: '{ type: string; coordinates: unknown }', DateTimeOffset: 'string', DateOnly: 'string' }, enumsAsTypes: true },
    },
  },
};
export default config;
