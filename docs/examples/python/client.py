"""A first GridGov client with Python's standard library only: an API key, paging, errors, a projected CRS,
and polite retries when the server says "too many requests".

run: GRIDGOV_URL=http://127.0.0.1:5080 GRIDGOV_API_KEY=gg_... GRIDGOV_AREA=520625000000 python3 client.py
"""
import json
import os
import time
import urllib.error
import urllib.request

URL = os.environ.get("GRIDGOV_URL", "http://127.0.0.1:5080") + "/graphql"
KEY = os.environ.get("GRIDGOV_API_KEY", "")
AREA = os.environ.get("GRIDGOV_AREA", "520625000000")

HOUSEHOLDS_PAGE = """
query HouseholdsPage($area: String!, $first: Int!, $after: String) {
  households(areaCode: $area, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id headName povertyStatus geometry(crs: EPSG_4545) }
  }
}"""


def graphql(query, variables=None):
    """POSTs one operation; returns the parsed answer ({data, errors}) whatever the status."""
    body = json.dumps({"query": query, "variables": variables}).encode("utf-8")
    for attempt in range(1, 4):
        request = urllib.request.Request(URL, data=body, method="POST", headers={
            "Content-Type": "application/json",
            "Accept": "application/graphql-response+json",
            "X-Api-Key": KEY,
        })
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            # Rate limited or busy: wait as told (Retry-After, seconds), at most 3 tries.
            if e.code in (429, 503) and attempt < 3:
                time.sleep(float(e.headers.get("Retry-After", attempt)))
                continue
            # 400 = the request never ran (bad query or variables); 401 = no or bad key. Both carry errors[].
            return json.load(e)
    raise RuntimeError("unreachable")


# Paging: follow pageInfo.endCursor while hasNextPage.
households, after, pages = [], None, 0
while True:
    answer = graphql(HOUSEHOLDS_PAGE, {"area": AREA, "first": 2, "after": after})
    if answer.get("errors"):
        raise SystemExit(json.dumps(answer["errors"], ensure_ascii=False))
    page = answer["data"]["households"]
    households += page["nodes"]
    pages += 1
    if not page["pageInfo"]["hasNextPage"]:
        break
    after = page["pageInfo"]["endCursor"]
print(f"households {len(households)} in {pages} pages")

# CRS: geometry(crs: EPSG_4545) is CGCS2000 Gauss-Krüger CM 108°E, metres.
first = households[0]
x, y = first["geometry"]["coordinates"]
print(f"household {first['id']} EPSG:4545 {x:.3f} {y:.3f}")

# Errors: a stable extensions.code and a Chinese message.
bad = graphql('{ village(code: "123") { code } }')
error = bad["errors"][0]
print(f"error {error['extensions']['code']} {error['message']}")
