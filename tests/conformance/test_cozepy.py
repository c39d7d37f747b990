"""Conformance of the cozescope sandbox with the official Coze Python SDK (cozepy, pinned).

Run by `.ci/conformance`, which starts `cozescope emulator` and passes:
  COZESCOPE_CN_URL, COZESCOPE_COM_URL  base URLs of the two realms
  COZESCOPE_WORLD                      the world file being served (its [variables] give the credentials)

Every denial is checked for the CozeAPIError code (or OAuth message) and a logid in the service's format.
"""

import json
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
from cozepy.bots import PublishStatus
from cozepy.datasets.documents import DocumentFormatType

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
UNBOUND = VARS["COZE_UNBOUND_WORKSPACE_ID"]
PAT = VARS["COZE_API_TOKEN"]
CHAT_ONLY = VARS["COZE_API_TOKEN_CHAT_ONLY"]
BOT = VARS["COZE_BOT_ID"]
WORKFLOW = VARS["COZE_WORKFLOW_ID"]
DRAFT_WORKFLOW = VARS["COZE_DRAFT_WORKFLOW_ID"]
DATASET = VARS["COZE_DATASET_ID"]
PROJECT = VARS["COZE_PROJECT_ID"]


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


def token_without_chat() -> str:
    """A JWT token carrying only getMetadata (scope Connector.getMetadata), to be denied chat."""
    scope = Scope(account_permission=ScopeAccountPermission(permission_list=["Connector.getMetadata"]))
    return cn_app().get_access_token(ttl=900, scope=scope).access_token


class SandboxTestCase(unittest.TestCase):
    def assert_api_error(self, error: CozeAPIError, code, msg_part: str) -> None:
        self.assertEqual(error.code, code, str(error))
        self.assertIn(msg_part, error.msg)
        self.assertIsNotNone(error.logid, str(error))
        self.assertRegex(error.logid, LOGID)

    def assert_denied_in_workspaces(self, call, permission: str) -> None:
        """`call(client, workspace_id)` is 4101 for the chat-only PAT, and for the PAT in the unbound workspace."""
        for token, workspace in ((CHAT_ONLY, WORKSPACE), (PAT, UNBOUND)):
            with self.assertRaises(CozeAPIError) as caught:
                call(coze(token), workspace)
            self.assert_api_error(caught.exception, 4101, f"space_id={workspace} {permission}")


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

    def test_a_base_url_with_a_path_is_an_endpoint_that_does_not_exist(self):
        # The service answers a path it does not have with HTTP 404 and a 4000 envelope naming it.
        with self.assertRaises(CozeAPIError) as caught:
            list(coze(PAT, CN + "/api").workspaces.list())
        self.assert_api_error(caught.exception, 4000, "The requested API endpoint GET /api/v1/workspaces does not exist.")


class TestWorkflows(SandboxTestCase):
    def test_list_pages_and_filters(self):
        client = coze(PAT)
        page = client.workflows.list(workspace_id=WORKSPACE)  # cozepy's default page_size is 100
        self.assertRegex(page.response.logid, LOGID)
        self.assertFalse(page.has_more)
        ids = [w.workflow_id for w in page.items]
        self.assertIn(WORKFLOW, ids)
        self.assertNotIn(DRAFT_WORKFLOW, ids)  # default publish_status: published_online
        detail = next(w for w in page.items if w.workflow_id == WORKFLOW)
        self.assertEqual(detail.workflow_name, "sandbox_echo")
        self.assertEqual(detail.app_id, "0")
        self.assertIsInstance(detail.created_at, int)
        # Plain strings: cozepy sends its enum members as "PublishStatus.ALL" on this endpoint.
        everything = list(client.workflows.list(workspace_id=WORKSPACE, publish_status="all", page_size=1))
        self.assertEqual({w.workflow_id for w in everything}, {WORKFLOW, DRAFT_WORKFLOW})  # has_more paging ends
        chatflows = client.workflows.list(workspace_id=WORKSPACE, workflow_mode="chatflow", publish_status="all")
        self.assertEqual(chatflows.items, [])

    def test_list_needs_workspace_and_permission(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).workflows.list()  # workspace_id is optional in cozepy, required by the service
        self.assert_api_error(caught.exception, 4000, "workspace_id")
        self.assert_denied_in_workspaces(lambda client, ws: client.workflows.list(workspace_id=ws), "listWorkflow")

    def test_retrieve(self):
        info = coze(PAT).workflows.retrieve(workflow_id=WORKFLOW)
        self.assertEqual(info.workflow_detail.workflow_id, WORKFLOW)
        self.assertEqual(info.workflow_detail.workflow_name, "sandbox_echo")
        self.assertRegex(info.response.logid, LOGID)
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).workflows.retrieve(workflow_id=WORKFLOW)
        self.assert_api_error(caught.exception, 4101, f"workflow_id={WORKFLOW} getMetaData")
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).workflows.retrieve(workflow_id="7500000000000009999")
        self.assert_api_error(caught.exception, 4200, "workflow_id=7500000000000009999 does not exist")

    def test_run(self):
        result = coze(PAT).workflows.runs.create(workflow_id=WORKFLOW, parameters={"input": "hello sandbox"})
        self.assertRegex(result.response.logid, LOGID)
        self.assertEqual(json.loads(result.data), {"output": {"input": "hello sandbox"}})
        self.assertTrue(result.debug_url.startswith("https://www.coze.cn/work_flow?"))
        self.assertIn(f"execute_id={result.execute_id}", result.debug_url)
        self.assertIn(f"workflow_id={WORKFLOW}", result.debug_url)
        self.assertIsNotNone(result.usage)
        self.assertEqual(result.usage.token_count, result.usage.input_count + result.usage.output_count)

    def test_run_errors(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).workflows.runs.create(workflow_id=DRAFT_WORKFLOW)
        self.assert_api_error(caught.exception, 4200, f"workflow_id={DRAFT_WORKFLOW}")  # documented: unpublished
        self.assertIsNone(caught.exception.debug_url)
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).workflows.runs.create(workflow_id=WORKFLOW, is_async=True)
        self.assert_api_error(
            caught.exception,
            6003,
            "Workflow execution with is_async=true is a premium feature available only to Coze Professional users",
        )
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).workflows.runs.create(workflow_id=WORKFLOW)
        self.assert_api_error(caught.exception, 4101, f"workflow_id={WORKFLOW} run")
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).workflows.runs.create(workflow_id="")
        self.assert_api_error(caught.exception, 4000, "workflow_id")


class TestChatAndConversations(SandboxTestCase):
    def test_create_then_retrieve_and_messages(self):
        client = coze(PAT)
        chat = client.chat.create(
            bot_id=BOT, user_id="conformance", additional_messages=[Message.build_user_question_text("ping")]
        )
        self.assertRegex(chat.response.logid, LOGID)
        self.assertTrue(chat.id.isdigit() and chat.conversation_id.isdigit())
        self.assertIn(chat.status.value, ("in_progress", "completed"))
        again = client.chat.retrieve(conversation_id=chat.conversation_id, chat_id=chat.id)  # POST, no body
        self.assertEqual(again.id, chat.id)
        messages = client.chat.messages.list(conversation_id=chat.conversation_id, chat_id=chat.id)
        self.assertTrue(any("ping" in m.content for m in messages))
        polled = client.chat.create_and_poll(
            bot_id=BOT,
            user_id="conformance",
            conversation_id=chat.conversation_id,
            additional_messages=[Message.build_user_question_text("pong")],
        )
        self.assertEqual(polled.chat.status.value, "completed")
        self.assertEqual(polled.chat.conversation_id, chat.conversation_id)
        answers = [m for m in polled.messages if m.type.value == "answer"]
        self.assertTrue(answers and answers[0].role.value == "assistant" and "pong" in answers[0].content)

    def test_chat_denials(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze(token_without_chat()).chat.create(bot_id=BOT, user_id="conformance")
        self.assert_api_error(caught.exception, 4101, f"bot_id={BOT} chat")
        unpublished = coze(PAT).bots.create(space_id=WORKSPACE, name=unique_name())
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).chat.create(bot_id=unpublished.bot_id, user_id="conformance")
        self.assertEqual(caught.exception.code, 4015)
        self.assertRegex(caught.exception.logid, LOGID)
        # The chat-only PAT can chat, but not poll: retrieve needs getChat, the messages listMessage.
        chat = coze(CHAT_ONLY).chat.create(bot_id=BOT, user_id="conformance")
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).chat.retrieve(conversation_id=chat.conversation_id, chat_id=chat.id)
        self.assert_api_error(caught.exception, 4101, "getChat")
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).chat.messages.list(conversation_id=chat.conversation_id, chat_id=chat.id)
        self.assert_api_error(caught.exception, 4101, "listMessage")

    def test_conversations_list(self):
        client = coze(PAT)
        chat = client.chat.create(
            bot_id=BOT, user_id="conformance", additional_messages=[Message.build_user_question_text("remember me")]
        )
        page = client.conversations.list(bot_id=BOT)
        self.assertRegex(page.response.logid, LOGID)
        everything = list(client.conversations.list(bot_id=BOT, page_size=1))  # iterates by has_more
        ids = [c.id for c in everything]
        self.assertIn(chat.conversation_id, ids)
        self.assertEqual(len(ids), len(set(ids)))
        conversation = next(c for c in everything if c.id == chat.conversation_id)
        self.assertEqual(conversation.meta_data, {})
        self.assertTrue(conversation.last_section_id)
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).conversations.list(bot_id=BOT)
        self.assert_api_error(caught.exception, 4101, f"bot_id={BOT} listConversation")
        with self.assertRaises(CozeAPIError) as caught:
            client.conversations.list(bot_id="7481617032355070000")
        self.assert_api_error(caught.exception, 4200, "bot_id=7481617032355070000 does not exist")


class TestResourceLists(SandboxTestCase):
    def test_datasets(self):
        client = coze(PAT)
        page = client.datasets.list(space_id=WORKSPACE)  # sends name=&format_type= (empty)
        self.assertRegex(page.response.logid, LOGID)
        self.assertEqual(page.total, len(list(client.datasets.list(space_id=WORKSPACE, page_size=1))))
        dataset = next(d for d in page.items if d.dataset_id == DATASET)
        self.assertEqual(dataset.space_id, WORKSPACE)
        self.assertEqual(dataset.status.value, 1)
        self.assertEqual(dataset.format_type.value, 0)
        self.assertIn(DATASET, [d.dataset_id for d in client.datasets.list(space_id=WORKSPACE, name="FAQ").items])
        images = client.datasets.list(space_id=WORKSPACE, format_type=DocumentFormatType.IMAGE)
        self.assertNotIn(DATASET, [d.dataset_id for d in images.items])
        self.assert_denied_in_workspaces(lambda client, ws: client.datasets.list(space_id=ws), "listKnowledge")

    def test_voices(self):
        client = coze(PAT)
        page = client.audio.voices.list()
        self.assertRegex(page.response.logid, LOGID)
        voices = list(client.audio.voices.list(page_size=1))  # iterates by has_more
        self.assertEqual(len(voices), len(page.items))
        self.assertTrue(voices and all(v.is_system_voice for v in voices))
        self.assertTrue(all(v.state.value == "cloned" and v.model_type.value in ("big", "small") for v in voices))
        custom = client.audio.voices.list(filter_system_voice=True)
        self.assertEqual(custom.items, [])
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).audio.voices.list()
        self.assert_api_error(caught.exception, 4101, "listVoice")

    def test_apps(self):
        client = coze(PAT)
        page = client.apps.list(workspace_id=WORKSPACE)  # sends page_index, not page_num
        self.assertRegex(page.response.logid, LOGID)
        self.assertIn(PROJECT, [a.id for a in page.items])
        self.assertTrue(all(a.is_published for a in page.items))  # default published_online
        every = list(client.apps.list(workspace_id=WORKSPACE, publish_status=PublishStatus.ALL, page_size=1))
        self.assertEqual(len(every), len({a.id for a in every}))  # page_index honoured: no repeats, terminates
        self.assert_denied_in_workspaces(lambda client, ws: client.apps.list(workspace_id=ws), "listApp")

    def test_bots_v2_denials(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).bots.list(space_id=WORKSPACE, use_api_version=2)
        self.assert_api_error(caught.exception, 4101, f"space_id={WORKSPACE} listBot")
        with self.assertRaises(CozeAPIError) as caught:
            coze(CHAT_ONLY).bots.retrieve(bot_id=BOT, use_api_version=2)
        self.assert_api_error(caught.exception, 4101, f"bot_id={BOT} getMetadata")
        listed = list(coze(PAT).bots.list(space_id=WORKSPACE, use_api_version=2, page_size=1))  # page_index paging
        self.assertEqual(len(listed), len({b.id for b in listed}))


TEAM_BOT = VARS["COZE_TEAM_BOT_ID"]
TEAM_MEMBER = VARS["COZE_TEAM_MEMBER_API_TOKEN"]
TEAM_ADMIN = VARS["COZE_TEAM_ADMIN_API_TOKEN"]
TEAM_SAT = VARS["COZE_TEAM_SAT_TOKEN"]
EXPIRED = VARS["COZE_EXPIRED_API_TOKEN"]
OTHER_ACCOUNT_BOT = VARS["COZE_OTHER_ACCOUNT_BOT_ID"]
OTHER_ACCOUNT = VARS["COZE_OTHER_ACCOUNT_API_TOKEN"]


class TestAccountsSessionsAndPolling(SandboxTestCase):
    def test_create_and_poll_sees_in_progress_then_completed(self):
        client = coze(TEAM_MEMBER)
        statuses = []

        def recording(call):
            def wrapper(**kwargs):
                chat = call(**kwargs)
                statuses.append(chat.status.value)
                return chat

            return wrapper

        client.chat.create = recording(client.chat.create)
        client.chat.retrieve = recording(client.chat.retrieve)
        polled = client.chat.create_and_poll(
            bot_id=TEAM_BOT, user_id="conformance", additional_messages=[Message.build_user_question_text("slow")]
        )
        # The team bot's chats complete on the third retrieve (chat_polls = 3).
        self.assertEqual(statuses, ["in_progress", "in_progress", "in_progress", "completed"])
        self.assertEqual(polled.chat.status.value, "completed")
        self.assertTrue(any("slow" in m.content for m in polled.messages))

    def test_a_chat_of_one_session_name_is_not_visible_to_another(self):
        alice = cn_app().get_access_token(ttl=900, session_name="alice").access_token
        bob = cn_app().get_access_token(ttl=900, session_name="bob").access_token
        chat = coze(alice).chat.create(
            bot_id=BOT, user_id="alice", additional_messages=[Message.build_user_question_text("mine")]
        )
        self.assertIn(chat.conversation_id, [c.id for c in coze(alice).conversations.list(bot_id=BOT)])
        self.assertNotIn(chat.conversation_id, [c.id for c in coze(bob).conversations.list(bot_id=BOT)])
        with self.assertRaises(CozeAPIError) as caught:
            coze(bob).chat.retrieve(conversation_id=chat.conversation_id, chat_id=chat.id)
        self.assert_api_error(caught.exception, 4200, f"chat_id={chat.id}")
        with self.assertRaises(CozeAPIError) as caught:
            coze(bob).chat.create(bot_id=BOT, user_id="bob", conversation_id=chat.conversation_id)
        self.assert_api_error(caught.exception, 4200, f"conversation_id={chat.conversation_id}")
        # The same session name, in a new token, sees it.
        again = cn_app().get_access_token(ttl=900, session_name="alice").access_token
        self.assertEqual(coze(again).chat.retrieve(conversation_id=chat.conversation_id, chat_id=chat.id).id, chat.id)

    def test_an_expired_pat_is_refused(self):
        for call in (lambda c: c.workspaces.list(), lambda c: c.users.me()):
            with self.assertRaises(CozeAPIError) as caught:
                call(coze(EXPIRED))
            self.assert_api_error(caught.exception, 4100, "authentication is invalid")

    def test_a_member_s_bots_update_on_another_s_bot_is_refused(self):
        self.assertEqual(coze(TEAM_MEMBER).bots.retrieve(bot_id=TEAM_BOT, use_api_version=2).bot_id, TEAM_BOT)
        with self.assertRaises(CozeAPIError) as caught:
            coze(TEAM_MEMBER).bots.update(bot_id=TEAM_BOT, description="not mine")
        self.assert_api_error(caught.exception, 4101, f"bot_id={TEAM_BOT} edit")
        for token in (TEAM_ADMIN, TEAM_SAT):
            coze(token).bots.update(bot_id=TEAM_BOT, description="managed")
        lead = coze(TEAM_SAT).users.me()
        self.assertEqual(lead.user_name, "team_lead")

    def test_another_account_s_bot_is_not_found(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze(PAT).bots.retrieve(bot_id=OTHER_ACCOUNT_BOT, use_api_version=2)
        self.assert_api_error(caught.exception, 4200, f"bot_id={OTHER_ACCOUNT_BOT} does not exist")
        self.assertEqual(coze(OTHER_ACCOUNT).bots.retrieve(bot_id=OTHER_ACCOUNT_BOT, use_api_version=2).bot_id,
                         OTHER_ACCOUNT_BOT)


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
