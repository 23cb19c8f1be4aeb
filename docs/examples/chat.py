"""Ask a model one question, then stream a second answer token by token.

    OXEN_API_KEY=... python docs/examples/chat.py "What is a data frame?"
"""

from __future__ import annotations

import sys

from oxen_hub import APIError, OxenHub


def main(question: str) -> None:
    with OxenHub() as client:
        reply = client.chat.completions.create(
            model="claude-3-7-sonnet",
            messages=[{"role": "user", "content": question}],
            temperature=0.2,
        )
        # `choices`, each choice's `message` and its `content` (str | None) are required by the hub overlay, as
        # in OpenAI's API, so this reads without checks for None on the way.
        print(reply.choices[0].message.content or "(no text: the model called a tool)")

        with client.chat.completions.create(
            model="claude-3-7-sonnet",
            messages=[{"role": "user", "content": question}],
            stream=True,
        ) as stream:
            for chunk in stream:
                for streamed in chunk.choices:
                    print(streamed.delta.content or "", end="", flush=True)
        print()


if __name__ == "__main__":
    try:
        main(" ".join(sys.argv[1:]) or "Say hello")
    except APIError as error:
        sys.exit(f"request failed: {error}")
