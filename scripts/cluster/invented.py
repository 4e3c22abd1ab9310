"""N invented articles as JSON lines (for the cluster test without ../shared/data): short
news items built from a few closed-class templates, with ids, sources, days, some exact
duplicates (same text, another id) and some repeated ids (another text, an id used before)
that both stores must leave out alike."""

import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
verbs = ["قال", "أعلن", "أكد", "نفى"]
subjects = ["وزير الخارجية", "رئيس الوزراء", "المتحدث باسم الحكومة", "وزير المالية"]
topics = ["الاتفاق التجاري", "الانتخابات المقبلة", "أسعار النفط", "المفاوضات", "الموازنة العامة"]
for i in range(n):
    # Every 50th article repeats the text of the one before it under another id.
    k = i - 1 if i % 50 == 49 else i
    v, s, t = verbs[k % 4], subjects[(k // 4) % 4], topics[(k // 16) % 5]
    text = (
        f"{v} {s} يوم الاثنين إن {t} ستناقش في اجتماع رقم {k} الأسبوع المقبل. "
        f'وأضاف في مؤتمر صحفي: "نحن ملتزمون بالعمل المشترك من أجل {t}". '
        f"ويأتي ذلك بعد جولة رقم {k % 7} من المحادثات."
    )
    print(
        json.dumps(
            {
                # Every 97th article reuses the id of the one before it.
                "id": f"inv-{i - 1 if i % 97 == 96 else i}",
                "source": ["وكالة أ", "صحيفة ب", "قناة ج"][i % 3],
                "title": f"({k}) {s} يتحدث عن {t}",
                "text": text,
                "published": f"2024-03-{1 + i % 28:02d}",
            },
            ensure_ascii=False,
        )
    )
