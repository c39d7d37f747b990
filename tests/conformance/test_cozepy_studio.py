"""Conformance of the sandbox's Studio flavour with the official Coze Python SDK (cozepy, pinned): what an
SDK user's own code meets against a self-hosted Coze Studio.

Run by `.ci/conformance` once per Studio release line, against `cozescope emulator --flavour studio`:
  COZESCOPE_STUDIO_URL      the base URL
  COZESCOPE_STUDIO_VERSION  0.3 or 0.5
  COZESCOPE_STUDIO_WORLD    the Studio world being served (its [variables] give the ids and the PAT)
"""

import json
import os
import re
import sys
import tomllib
import unittest
from pathlib import Path

from cozepy import ChatEventType, ChatStatus, Coze, CozeAPIError, Message, TokenAuth

BASE = os.environ["COZESCOPE_STUDIO_URL"]
VERSION = os.environ["COZESCOPE_STUDIO_VERSION"]
VARS = tomllib.loads(Path(os.environ["COZESCOPE_STUDIO_WORLD"]).read_text())["variables"]
PAT = VARS["COZE_API_TOKEN"]
BOT = VARS["COZE_BOT_ID"]
UNPUBLISHED_BOT = VARS["COZE_UNPUBLISHED_BOT_ID"]
WORKFLOW = VARS["COZE_WORKFLOW_ID"]
DRAFT_WORKFLOW = VARS["COZE_DRAFT_WORKFLOW_ID"]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def coze(token: str = PAT) -> Coze:
    return Coze(auth=TokenAuth(token), base_url=BASE)


def question(text: str):
    return [Message.build_user_question_text(text)]


class TestStudioChat(unittest.TestCase):
    def test_stream(self):
        events = list(coze().chat.stream(bot_id=BOT, user_id="u", additional_messages=question("hello")))
        kinds = [event.event for event in events]
        self.assertEqual(kinds[0], ChatEventType.CONVERSATION_CHAT_CREATED)
        self.assertIn(ChatEventType.CONVERSATION_CHAT_COMPLETED, kinds)
        answer = "".join(
            event.message.content for event in events if event.event == ChatEventType.CONVERSATION_MESSAGE_DELTA
        )
        self.assertIn("hello", answer)
        # Studio sends its log id as X-Log-Id: cozepy reads only x-tt-logid (coze-py#308).
        self.assertRegex(events[0].chat.id, r"^\d+$")

    def test_the_stream_ends_with_studios_own_event(self):
        events = list(coze().chat.stream(bot_id=BOT, user_id="u", additional_messages=question("hi")))
        # `conversation.stream.done`, which cozepy does not know: an UNKNOWN event, not its `done`.
        self.assertEqual(events[-1].event, ChatEventType.UNKNOWN)
        self.assertEqual(events[-1].unknown["event"], "conversation.stream.done")

    def test_create_answers_at_created(self):
        if VERSION == "0.3":
            # Before v0.5.1 a chat always streams: cozepy's non-streaming create cannot read the answer.
            with self.assertRaises(Exception):
                coze().chat.create(bot_id=BOT, user_id="u", additional_messages=question("hi"))
            return
        chat = coze().chat.create(bot_id=BOT, user_id="u", additional_messages=question("hi"))
        self.assertEqual(chat.status, ChatStatus.CREATED)
        self.assertTrue(chat.conversation_id.isdigit())
        # cozepy POSTs the retrieve; Studio routes it by GET only, so it answers its unknown-route 404.
        with self.assertRaises(CozeAPIError) as caught:
            coze().chat.retrieve(conversation_id=chat.conversation_id, chat_id=chat.id)
        self.assertEqual(caught.exception.code, 404)
        self.assertEqual(caught.exception.msg, "not found")
        self.assertIsNone(caught.exception.logid)

    def test_an_unpublished_agent(self):
        if VERSION == "0.5":
            with self.assertRaises(CozeAPIError) as caught:
                coze().chat.create(bot_id=UNPUBLISHED_BOT, user_id="u", additional_messages=question("hi"))
            self.assertEqual(caught.exception.code, 400)
            self.assertIn(f"agent not published, agentID={UNPUBLISHED_BOT} connectorID=1024", caught.exception.msg)
            self.assertIn("\nstack=", caught.exception.msg)
        with self.assertRaises(Exception) as caught:
            list(coze().chat.stream(bot_id=UNPUBLISHED_BOT, user_id="u", additional_messages=question("hi")))
        self.assertIn("agent not published", str(caught.exception))

    def test_an_unknown_pat_and_a_web_path(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze("pat_" + "0" * 64).bots.retrieve(bot_id=BOT)
        self.assertEqual(caught.exception.code, 700012006)
        self.assertEqual(caught.exception.msg, "authentication failed: CheckPermission failed")
        with self.assertRaises(CozeAPIError) as caught:
            coze().workspaces.list().items
        if VERSION == "0.3":
            self.assertEqual(caught.exception.code, 700012006)
            self.assertEqual(caught.exception.msg, "authentication failed: missing session_key in cookie")
        else:
            self.assertEqual(caught.exception.code, 401)
            self.assertEqual(caught.exception.msg, "missing session_key in cookie")


class TestStudioBot(unittest.TestCase):
    def test_retrieve(self):
        bot = coze().bots.retrieve(bot_id=BOT)
        self.assertEqual(bot.bot_id, BOT)
        self.assertIsNotNone(bot.prompt_info)
        self.assertIsNotNone(bot.model_info)


class TestStudioWorkflow(unittest.TestCase):
    def test_run(self):
        result = coze().workflows.runs.create(workflow_id=WORKFLOW, parameters={"name": "studio"})
        self.assertEqual(json.loads(result.data), {"output": {"name": "studio"}})
        self.assertTrue(result.execute_id)

    def test_run_errors(self):
        with self.assertRaises(CozeAPIError) as caught:
            coze().workflows.runs.create(workflow_id=DRAFT_WORKFLOW)
        self.assertEqual(caught.exception.code, 6031)
        with self.assertRaises(CozeAPIError) as caught:
            coze().workflows.runs.create(workflow_id="7500000000000009999")
        self.assertEqual(caught.exception.code, 720702004)
        self.assertIn("not found, please check if the workflow exists", caught.exception.msg)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    sys.exit(0 if result.wasSuccessful() else 1)
