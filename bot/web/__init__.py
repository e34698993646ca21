"""The web chat: gopy in a box on the province's portal, served by gopy's own HTTP server.

A page loads ``/chat/widget.js`` (one ``<script>`` tag); the widget talks over a WebSocket
(``/chat/socket``), or by long polling where sockets are blocked, as an anonymous session kept
in a signed cookie. The conversation is the same as on Telegram and Zalo (same dialogues,
same queue); the session is a citizen and nothing more. What gopy says reaches the browser
through the outbox like any channel: delivering a message appends it to the chat log
(``storage.chat_log``), which the process holding the browser's connection reads.
"""
