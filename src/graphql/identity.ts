/**
 * Who is calling: every GraphQL request (HTTP and WebSocket) carries the Identity its credentials proved (src/auth);
 * resolvers authorize with it (src/graphql/authorize.ts).
 */
export { anonymous, type Identity } from "../auth/identity.js";
