// GraphiQL for GET /graphql. Auth is whatever the user puts in the Headers tab
// (Authorization: Bearer … or X-Api-Key: …); a token saved by the viewer is offered first, in every tab.
// Introspection (docs explorer, autocompletion) needs a signed-in caller: anonymous callers get 401.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { exampleTabs } from './graphiql-examples.js';

const endpoint = new URL('/graphql', window.location.href).toString();

// The placeholder header is a hint, not a credential: leave it out until the user fills it in.
function realHeaders(headers) {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([, v]) => typeof v === 'string' && !v.includes('<')));
}

async function fetcher(params, opts) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...realHeaders(opts?.headers) },
    body: JSON.stringify(params),
  });
  return res.json();
}

const saved = window.localStorage.getItem('gridgov.token');
const defaultHeaders = JSON.stringify(
  saved ? { Authorization: `Bearer ${saved}` } : { Authorization: 'Bearer <token from POST /auth/token>' }, null, 2);

// The first tab explains the headers; the others are one example per use case, one click away.
const intro = `# GridGov GraphQL. 在下方 Headers 中填入 Authorization: Bearer <token> 或 X-Api-Key。
# Put "Authorization": "Bearer <token>" or "X-Api-Key": "<key>" in the Headers tab below.
# 上方每个标签页是一个常用查询示例；左侧书本图标打开文档（字段说明含中文）。
query Start {
  me { username role areaCode areaName }
}
`;
const defaultTabs = [{ query: intro, headers: defaultHeaders }, ...exampleTabs.map((t) => ({ ...t, headers: defaultHeaders }))];

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher, defaultHeaders, defaultTabs, isHeadersEditorEnabled: true, shouldPersistHeaders: true, defaultEditorToolsVisibility: 'headers',
  }));
