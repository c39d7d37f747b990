"""Conformance of the cozescope sandbox with the official Coze Python SDK (cozepy, pinned).

Run by `.ci/conformance`, which starts `cozescope emulator` and passes:
  COZESCOPE_CN_URL, COZESCOPE_COM_URL  base URLs of the two realms
  COZESCOPE_WORLD                      the world file being served (its [variables] give the credentials)

Every denial is checked for the CozeAPIError code (or OAuth message) and a logid in the service's format.
"""

import logging
import os
import re
import sys
import time
import tomllib
import unittest
import uuid
import warnings
from pathlib import Path

import cozepy
from cozepy import (
    Coze,
    CozeAPIError,
    JWTAuth,
    JWTOAuthApp,
    Message,
    Scope,
    TokenAuth,
)
from cozepy.auth import ScopeAccountPermission

LOGID = re.compile(r"^\d{14}[0-9A-F]{20}$")
CN = os.environ["COZESCOPE_CN_URL"]
COM = os.environ["COZESCOPE_COM_URL"]
WORLD_PATH = Path(os.environ["COZESCOPE_WORLD"])
WORLD = tomllib.loads(WORLD_PATH.read_text())
VARS = dict(WORLD["variables"])
FILES = {}
for entry in WORLD.get("file", []):
    FILES[entry["path"]] = entry.get("content") or (WORLD_PATH.parent / entry["source"]).read_text()
for name, path in WORLD.get("variables_from_files", {}).items():
    VARS[name] = FILES[path]

WORKSPACE = VARS["COZE_WORKSPACE_ID"]
PAT = VARS["COZE_API_TOKEN"]


def cn_app() -> JWTOAuthApp:
    return JWTOAuthApp(
        client_id=VARS["COZE_JWT_OAUTH_CLIENT_ID"],
        private_key=VARS["COZE_JWT_OAUTH_PRIVATE_KEY"],
        public_key_id=VARS["COZE_JWT_OAUTH_PUBLIC_KEY_ID"],
        base_url=CN,
    )


def coze(token: str, base_url: str = CN) -> Coze:
    return Coze(auth=TokenAuth(token), base_url=base_url)


def unique_name() -> str:
    return "probe " + uuid.uuid4().hex[:8]


class SandboxTestCase(unittest.TestCase):
    def assert_api_error(self, error: CozeAPIError, code, msg_part: str) -> None:
        self.assertEqual(error.code, code, str(error))
        self.assertIn(msg_part, error.msg)
        self.assertIsNotNone(error.logid, str(error))
        self.assertRegex(error.logid, LOGID)


class TestJWTOAuth(SandboxTestCase):
    def test_token_without_scope(self):
        token = cn_app().get_access_token(ttl=900)
        self.assertTrue(token.access_token.startswith("czs_"))
        self.assertAlmostEqual(token.expires_in, int(time.time()) + 900, delta=5)
        self.assertEqual(token.token_type, "Bearer")
        bot = coze(token.access_token).bots.create(space_id=WORKSPACE, name=unique_name())
        self.assertTrue(bot.bot_id.isdigit())
        self.assertRegex(bot.response.logid, LOGID)

    def test_scope_bot_chat_then_create_bot_is_4101(self):
        token = cn_app().get_access_token(ttl=900, scope=Scope.build_bot_chat(bot_id_list=[]))
        with self.assertRaises(CozeAPIError) as caught:
            coze(token.access_token).bots.create(space_id=WORKSPACE, name=unique_name())
        self.assert_api_error(
            caught.exception,
            4101,
            f"Your token does not have permission to access space_id={WORKSPACE} createBot.",
        )
        self.assertIn("https://coze.cn/open/oauth/pats", caught.exception.msg)

    def test_undocumented_scope_names_fail_the_token_request(self):
        for names in (["Connector.botChat", "Connector.createBot"], ["Connector.botChat", "Bot.createBot"]):
            scope = Scope(account_permission=ScopeAccountPermission(permission_list=names))
            with self.assertRaises(CozeAPIError) as caught:
                cn_app().get_access_token(ttl=900, scope=scope)
            self.assert_api_error(caught.exception, None, "invalid request: scope")

    def test_ttl_limits(self):
        with self.assertRaises(CozeAPIError) as caught:
            cn_app().get_access_token(ttl=86400)
        self.assert_api_error(caught.exception, None, "invalid request: duration_seconds")
        self.assertTrue(cn_app().get_access_token(ttl=86399).access_token)

    def test_cn_app_on_com_is_kid_not_registred(self):
        app = JWTOAuthApp(
            client_id=VARS["COZE_JWT_OAUTH_CLIENT_ID"],
            private_key=VARS["COZE_JWT_OAUTH_PRIVATE_KEY"],
            public_key_id=VARS["COZE_JWT_OAUTH_PUBLIC_KEY_ID"],
            base_url=COM,
        )
        with self.assertRaises(CozeAPIError) as caught:
            app.get_access_token()
        self.assert_api_error(caught.exception, None, "invalid jwt: kid not been registred")

    def test_channel_app_without_connector_is_denied(self):
        app = JWTOAuthApp(
            client_id=VARS["COZE_CHANNEL_JWT_OAUTH_CLIENT_ID"],
            private_key=VARS["COZE_CHANNEL_JWT_OAUTH_PRIVATE_KEY"],
            public_key_id=VARS["COZE_CHANNEL_JWT_OAUTH_PUBLIC_KEY_ID"],
            base_url=CN,
        )
        with self.assertRaises(CozeAPIError) as caught:
            app.get_access_token(scope=Scope.build_bot_chat(bot_id_list=[]))
        self.assert_api_error(caught.exception, None, "connector app should bind connector id")

    def test_jwt_auth_refreshing_client(self):
        client = Coze(auth=JWTAuth(oauth_app=cn_app()), base_url=CN)
        workspaces = list(client.workspaces.list())
        self.assertEqual([w.id for w in workspaces], [WORKSPACE])
        self.assertTrue(client.users.me().user_id)

    def test_com_realm_app(self):
        app = JWTOAuthApp(
            client_id=VARS["COZE_COM_JWT_OAUTH_CLIENT_ID"],
            private_key=VARS["COZE_COM_JWT_OAUTH_PRIVATE_KEY"],
            public_key_id=VARS["COZE_COM_JWT_OAUTH_PUBLIC_KEY_ID"],
            base_url=COM,
        )
        token = app.get_access_token(scope=Scope.build_bot_chat(bot_id_list=[]))
        with self.assertRaises(CozeAPIError) as caught:
            coze(token.access_token, COM).bots.create(space_id=VARS["COZE_COM_WORKSPACE_ID"], name=unique_name())
        self.assert_api_error(caught.exception, 4101, "https://coze.com/open/oauth/pats")


class TestTokenAuth(SandboxTestCase):
    def test_bot_lifecycle(self):
        client = coze(PAT)
        bot = client.bots.create(space_id=WORKSPACE, name=unique_name(), description="made by conformance")
        client.bots.update(bot_id=bot.bot_id, name="renamed")
        draft = client.bots.retrieve(bot_id=bot.bot_id, is_published=False, use_api_version=2)
        self.assertEqual(draft.name, "renamed")
        published = client.bots.publish(bot_id=bot.bot_id)
        self.assertEqual(published.bot_id, bot.bot_id)
        self.assertTrue(published.version)
        online = client.bots.retrieve(bot_id=bot.bot_id)  # v1: /v1/bot/get_online_info
        self.assertEqual(online.name, "renamed")
        online = client.bots.retrieve(bot_id=bot.bot_id, use_api_version=2)
        self.assertEqual(online.bot_id, bot.bot_id)
        listed = client.bots.list(space_id=WORKSPACE, use_api_version=2, page_size=50)
        self.assertIn(bot.bot_id, [item.id for item in listed.items])
        self.assertTrue(all(item.is_published for item in listed.items))

    def test_list_v1_needs_get_published_bot(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).bots.list(space_id=WORKSPACE)
        self.assert_api_error(caught.exception, 4101, f"space_id={WORKSPACE} getPublishedBot")

    def test_unpublish_needs_disconnect_bot(self):
        client = coze(PAT)
        bot = client.bots.create(space_id=WORKSPACE, name=unique_name())
        client.bots.publish(bot_id=bot.bot_id)
        with self.assertRaises(CozeAPIError) as caught:
            client.bots.unpublish(bot_id=bot.bot_id, connector_id="1024")
        self.assert_api_error(caught.exception, 4101, f"bot_id={bot.bot_id} disconnectBot")
        # The JWT app has disconnectBot.
        token = cn_app().get_access_token()
        coze(token.access_token).bots.unpublish(bot_id=bot.bot_id, connector_id="1024", unpublish_reason="done")
        with self.assertRaises(CozeAPIError) as caught:
            client.bots.retrieve(bot_id=bot.bot_id)
        self.assert_api_error(caught.exception, 4200, f"bot_id={bot.bot_id} does not exist")

    def test_workspaces_and_me(self):
        client = coze(PAT)
        workspaces = list(client.workspaces.list())
        self.assertEqual(len(workspaces), 1)
        self.assertEqual(workspaces[0].id, WORKSPACE)
        self.assertEqual(workspaces[0].name, "Personal")
        me = client.users.me()
        self.assertTrue(me.user_id and me.user_name)

    def test_chat(self):
        chat = coze(PAT).chat.create_and_poll(
            bot_id=VARS["COZE_BOT_ID"],
            user_id="conformance",
            additional_messages=[Message.build_user_question_text("hello sandbox")],
        )
        self.assertEqual(chat.chat.status.value, "completed")
        self.assertTrue(any("hello sandbox" in m.content for m in chat.messages))
        events = list(
            coze(PAT).chat.stream(
                bot_id=VARS["COZE_BOT_ID"],
                user_id="conformance",
                additional_messages=[Message.build_user_question_text("hi")],
            )
        )
        self.assertEqual(events[-1].event.value, "conversation.chat.completed")

    def test_denials(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze(VARS["COZE_API_TOKEN_CHAT_ONLY"]).bots.create(space_id=WORKSPACE, name=unique_name())
        self.assert_api_error(caught.exception, 4101, f"space_id={WORKSPACE} createBot")
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).bots.create(space_id=VARS["COZE_UNBOUND_WORKSPACE_ID"], name=unique_name())
        self.assert_api_error(caught.exception, 4101, f"space_id={VARS['COZE_UNBOUND_WORKSPACE_ID']} createBot")
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT, COM).bots.create(space_id=WORKSPACE, name=unique_name())
        self.assert_api_error(caught.exception, 4100, "authentication is invalid")
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).bots.retrieve(bot_id="7481617032355070000", use_api_version=2)
        self.assert_api_error(
            caught.exception,
            4200,
            "Requested resource bot_id=7481617032355070000 does not exist. Ensure you are the correct resource identifier.",
        )
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).bots.create(space_id=WORKSPACE, name="x" * 21)
        self.assert_api_error(caught.exception, 4000, "name")


if __name__ == "__main__":
    warnings.simplefilter("ignore", ResourceWarning)
    cozepy.setup_logging(logging.ERROR)  # denials are expected; the SDK would log each as a warning
    print(f"cozepy {cozepy.VERSION} against cn {CN}, com {COM}", file=sys.stderr)
    if cozepy.VERSION != "0.20.0":
        print(f"expected cozepy 0.20.0, found {cozepy.VERSION}", file=sys.stderr)
        sys.exit(1)
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    failed = len(result.failures) + len(result.errors)
    print(f"conformance: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
