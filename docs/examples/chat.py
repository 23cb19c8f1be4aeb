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
        choice = reply.choices[0] if reply.choices else None
        print(choice.message.content if choice and choice.message else "(no answer)")

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
