// The typed SDK from schema.graphql and src/sdk/operations, as codegen.yml describes it (run.mjs writes it; the
// staleness test compares). @graphql-codegen/core with the plugins, not @graphql-codegen/cli: the CLI's schema
// loaders (URL, GitHub, Apollo Engine) pull in packages that require Node 22 (npm ci printed EBADENGINE warnings on
// Node 20) and fedplane needs none of them; codegen.yml's shape is kept.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { codegen } from "@graphql-codegen/core";
import { buildSchema, parse } from "graphql";
import { parse as parseYaml } from "yaml";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** The outputs of one codegen config (codegen.yml: the SDK; console/codegen.yml: the console's operations). */
export async function generate(configFile = "codegen.yml") {
  const config = parseYaml(readFileSync(join(root, configFile), "utf8"));
  const schemaText = readFileSync(join(root, config.schema), "utf8");
  // One glob form is supported: dir/*.ext.
  const docDir = dirname(config.documents);
  const docExt = config.documents.split("/").pop().replace(/^\*/, "");
  const documents = readdirSync(join(root, docDir))
    .filter((f) => f.endsWith(docExt))
    .sort()
    .map((f) => ({ location: join(docDir, f), document: parse(readFileSync(join(root, docDir, f), "utf8")) }));

  const pluginMap = {};
  const outputs = [];
  for (const [filename, output] of Object.entries(config.generates)) {
    for (const name of output.plugins) pluginMap[name] ??= await import(`@graphql-codegen/${name}`);
    const merged = { ...config.config, ...output.config };
    const content = await codegen({
      filename,
      schema: parse(schemaText),
      schemaAst: buildSchema(schemaText),
      documents,
      config: merged,
      plugins: output.plugins.map((name) => ({ [name]: {} })),
      pluginMap,
      emitLegacyCommonJSImports: merged.emitLegacyCommonJSImports,
      importExtension: merged.importExtension,
    });
    outputs.push({ filename, content });
  }
  return outputs;
}
