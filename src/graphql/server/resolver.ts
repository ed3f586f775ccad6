import { Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { Caller, MissingCrd, ServerInfo } from "./types.js";

@Resolver()
export class ServerResolver {
  @Query(() => ServerInfo, { description: "This fedplane server and the caller's identity as the server sees it." })
  serverInfo(@Ctx() ctx: GraphQLContext): ServerInfo {
    const { info } = ctx.services;
    return Object.assign(new ServerInfo(), {
      version: info.version,
      backend: info.backend,
      federationNamespace: info.federationNamespace,
      startedAt: info.startedAt.toISOString(),
      missingCrds: ctx.services.federation.missingKinds().map((m) => Object.assign(new MissingCrd(), m)),
      caller: Object.assign(new Caller(), ctx.identity),
    });
  }
}
