// PostGraphile 5 for the API benchmark (bench/api/run.sh). graphile-postgis's preset also loads its
// connection-filter operators, whose peer package (graphile-connection-filter) our registry does not
// serve; the benchmark needs no spatial filters, so only the plugins that map geometry columns to
// GeoJSON are loaded.
const { PostGraphileAmberPreset } = require("postgraphile/presets/amber");
const { makePgService } = require("postgraphile/adaptors/pg");
const postgis = (name) => require("graphile-postgis/plugins/" + name);

module.exports = {
  extends: [PostGraphileAmberPreset],
  plugins: [
    postgis("codec").PostgisCodecPlugin,
    postgis("inflection").PostgisInflectionPlugin,
    postgis("detect-extension").PostgisExtensionDetectionPlugin,
    postgis("register-types").PostgisRegisterTypesPlugin,
    postgis("geometry-fields").PostgisGeometryFieldsPlugin,
  ],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ["public"] })],
  grafserv: { host: "127.0.0.1", port: Number(process.env.PEER_PORT || 5091) },
};
