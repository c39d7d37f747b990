// Conformance of the cozescope sandbox with the official Coze Node SDK (@coze/api, pinned in package.json).
//
// Run by `.ci/conformance` with node's test runner. Environment: COZESCOPE_CN_URL, COZESCOPE_COM_URL,
// COZESCOPE_WORLD (the world file served; its [variables] give the credentials), COZEJS_NODE_MODULES (where
// package.json was installed).
//
// The JS SDK picks its error class from the HTTP status first, then the body code; these tests pin the classes
// users see (e.g. the token request with `Connector.createBot` is a BadRequestError, as in the node-chat2 failure report).

'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const coze = require(path.join(process.env.COZEJS_NODE_MODULES, '@coze/api'));
const { CozeAPI, getJWTToken } = coze;

const CN = process.env.COZESCOPE_CN_URL;
const COM = process.env.COZESCOPE_COM_URL;
const worldPath = process.env.COZESCOPE_WORLD;
const worldText = fs.readFileSync(worldPath, 'utf8');

// The few world values the tests need, read from the [variables] table (string values on one line).
function variable(name) {
  const match = worldText.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm'));
  assert.ok(match, `variable ${name} in the world file`);
  return match[1];
}
const WORKSPACE = variable('COZE_WORKSPACE_ID');
const PAT = variable('COZE_API_TOKEN');
const APP_ID = variable('COZE_JWT_OAUTH_CLIENT_ID');
const KID = variable('COZE_JWT_OAUTH_PUBLIC_KEY_ID');
const KEY = fs.readFileSync(path.join(path.dirname(worldPath), 'demo-app.pem'), 'utf8');
const LOGID = /^\d{14}[0-9A-F]{20}$/;

const host = (url) => new URL(url).host;
const client = (token, baseURL = CN) => new CozeAPI({ token, baseURL });
const name = () => `probe ${Math.random().toString(16).slice(2, 10)}`;
const jwt = (scope, baseURL = CN) =>
  getJWTToken({ baseURL, appId: APP_ID, aud: host(baseURL), keyid: KID, privateKey: KEY, scope });
const scope = (names) => ({
  account_permission: { permission_list: names },
  attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [] } },
});

async function rejectsWith(promise, ErrorClass, code, text) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ErrorClass, `${error.name}: ${error.message}`);
    if (code !== undefined) assert.equal(error.code, code);
    if (text !== undefined) assert.ok(error.message.includes(text), error.message);
    assert.match(error.logid || error.log_id || '', LOGID);
    return true;
  });
}

test('JWT without scope: token, then createBot succeeds', async () => {
  const token = await jwt(undefined);
  assert.ok(token.access_token.startsWith('czs_'));
  assert.ok(token.expires_in * 1000 > Date.now());
  const bot = await client(token.access_token).bots.create({ space_id: WORKSPACE, name: name() });
  assert.match(bot.bot_id, /^\d+$/);
});

test('scope Connector.botChat: createBot is a PermissionDeniedError (4101)', async () => {
  const token = await jwt(scope(['Connector.botChat']));
  await rejectsWith(
    client(token.access_token).bots.create({ space_id: WORKSPACE, name: name() }),
    CozeAPI.PermissionDeniedError,
    4101,
    `space_id=${WORKSPACE} createBot`,
  );
});

test('scope with Connector.createBot or Bot.createBot: the token request is a BadRequestError', async () => {
  for (const names of [['Connector.botChat', 'Connector.createBot'], ['Connector.botChat', 'Bot.createBot']]) {
    await rejectsWith(jwt(scope(names)), CozeAPI.BadRequestError);
  }
});

test('cn app on the com realm: AuthenticationError (401 kid not been registred)', async () => {
  await rejectsWith(jwt(undefined, COM), CozeAPI.AuthenticationError);
});

test('PAT: create, update, publish, list, retrieve; workspaces; me', async () => {
  const api = client(PAT);
  const bot = await api.bots.create({ space_id: WORKSPACE, name: name() });
  await api.bots.update({ bot_id: bot.bot_id, name: 'renamed' });
  await api.bots.publish({ bot_id: bot.bot_id, connector_ids: ['1024'] });
  const listed = await api.bots.listNew({ workspace_id: WORKSPACE, page_num: 1, page_size: 50 });
  assert.ok(listed.items.some((item) => item.id === bot.bot_id));
  const info = await api.bots.retrieveNew(bot.bot_id);
  assert.equal(info.name, 'renamed');
  const spaces = await api.workspaces.list();
  assert.equal(spaces.workspaces[0].id, WORKSPACE);
  const me = await api.users.me();
  assert.ok(me.user_id);
});

test('denials map to the SDK error classes', async () => {
  await rejectsWith(
    client(PAT, COM).bots.create({ space_id: WORKSPACE, name: name() }),
    CozeAPI.AuthenticationError,
    4100,
    'authentication is invalid',
  );
  await rejectsWith(
    client(PAT).bots.retrieveNew('7481617032355070000'),
    CozeAPI.NotFoundError,
    4200,
    'does not exist',
  );
  await rejectsWith(
    client(PAT).bots.create({ space_id: WORKSPACE, name: 'x'.repeat(21) }),
    CozeAPI.BadRequestError,
    4000,
  );
  await rejectsWith(
    client(variable('COZE_API_TOKEN_CHAT_ONLY')).bots.create({ space_id: WORKSPACE, name: name() }),
    CozeAPI.PermissionDeniedError,
    4101,
  );
});

test('a base URL with a path: BadRequestError 4000 naming the endpoint', async () => {
  // The answer is HTTP 404, but error.ts tests `status === 400 || code === 4000` first: the envelope wins.
  await rejectsWith(
    client(PAT, `${CN}/api`).workspaces.list(),
    CozeAPI.BadRequestError,
    4000,
    'The requested API endpoint GET /api/v1/workspaces does not exist.',
  );
});

const BOT = variable('COZE_BOT_ID');
const TEAM_BOT = variable('COZE_TEAM_BOT_ID');
const TEAM_MEMBER = variable('COZE_TEAM_MEMBER_API_TOKEN');
const sessionToken = (sessionName) =>
  getJWTToken({ baseURL: CN, appId: APP_ID, aud: host(CN), keyid: KID, privateKey: KEY, sessionName });
const question = (content) => [{ role: 'user', content, content_type: 'text' }];

test('createAndPoll sees in_progress, then completed', async () => {
  const api = client(TEAM_MEMBER);
  const statuses = [];
  const retrieve = api.chat.retrieve.bind(api.chat);
  api.chat.retrieve = async (...args) => {
    const chat = await retrieve(...args);
    statuses.push(chat.status);
    return chat;
  };
  // The team bot's chats complete on the third retrieve (chat_polls = 3).
  const polled = await api.chat.createAndPoll({ bot_id: TEAM_BOT, additional_messages: question('slow') });
  assert.deepEqual(statuses, ['in_progress', 'in_progress', 'completed']);
  assert.equal(polled.chat.status, 'completed');
  assert.ok(polled.messages.some((message) => message.content.includes('slow')));
  const started = await api.chat.create({ bot_id: TEAM_BOT, user_id: 'conformance', additional_messages: question('x') });
  assert.equal(started.status, 'in_progress');
});

test('a chat of one session_name is not visible to another', async () => {
  const alice = client((await sessionToken('alice')).access_token);
  const bob = client((await sessionToken('bob')).access_token);
  const chat = await alice.chat.create({ bot_id: BOT, user_id: 'alice', additional_messages: question('mine') });
  const mine = await alice.conversations.list({ bot_id: BOT });
  assert.ok(mine.conversations.some((conversation) => conversation.id === chat.conversation_id));
  const theirs = await bob.conversations.list({ bot_id: BOT });
  assert.ok(!theirs.conversations.some((conversation) => conversation.id === chat.conversation_id));
  await rejectsWith(bob.chat.retrieve(chat.conversation_id, chat.id), CozeAPI.NotFoundError, 4200, `chat_id=${chat.id}`);
});

test('an expired PAT is an AuthenticationError (4100)', async () => {
  await rejectsWith(
    client(variable('COZE_EXPIRED_API_TOKEN')).workspaces.list(),
    CozeAPI.AuthenticationError,
    4100,
    'authentication is invalid',
  );
});

test("a member's bots.update on another's bot is a PermissionDeniedError (4101)", async () => {
  await rejectsWith(
    client(TEAM_MEMBER).bots.update({ bot_id: TEAM_BOT, description: 'not mine' }),
    CozeAPI.PermissionDeniedError,
    4101,
    `bot_id=${TEAM_BOT} edit`,
  );
  await client(variable('COZE_TEAM_SAT_TOKEN')).bots.update({ bot_id: TEAM_BOT, description: 'managed' });
  await rejectsWith(
    client(PAT).bots.retrieveNew(variable('COZE_OTHER_ACCOUNT_BOT_ID')),
    CozeAPI.NotFoundError,
    4200,
    'does not exist',
  );
});
