// A minimal storefront on express-session + connect-redis, as a shop would wire them. The compatibility tests
// start it with REDIS_URL and browse it over HTTP; it prints "listening <port>" once it accepts requests (PORT, or any free port).
const express = require("express");
const session = require("express-session");
const { RedisStore } = require("connect-redis");
const { createClient } = require("redis");

async function main() {
  const client = createClient({ url: process.env.REDIS_URL });
  client.on("error", (e) => console.error("redis", e.message));
  await client.connect();

  const app = express();
  app.use(session({
    store: new RedisStore({ client }),           // default prefix "sess:"
    secret: "compat-test-only",
    resave: false,
    saveUninitialized: false,                    // a visitor gets a key only once the session is written
    rolling: true,                               // every response re-sends the cookie; the store touches (EXPIRE)
    cookie: { maxAge: 30 * 60 * 1000 },
  }));

  app.get("/", (req, res) => res.send("home"));
  app.get("/product/:id", (req, res) => {
    req.session.seen = (req.session.seen || 0) + 1;
    res.send("product " + req.params.id);
  });
  app.post("/cart/:id", (req, res) => {
    req.session.cart = (req.session.cart || []).concat(req.params.id);
    res.send("cart " + req.session.cart.length);
  });
  app.post("/logout", (req, res) => req.session.destroy(() => res.send("bye")));

  const server = app.listen(Number(process.env.PORT || 0), "127.0.0.1", () => console.log("listening " + server.address().port));
  process.on("SIGTERM", () => { server.close(); client.quit().finally(() => process.exit(0)); });
}

main().catch((e) => { console.error(e); process.exit(1); });
