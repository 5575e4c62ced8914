type Doc = Record<string, unknown>;
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { description?: string; content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string }>;
  security?: Record<string, unknown>[];
};

const escape = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const json = (v: unknown) => `<pre>${escape(JSON.stringify(v, null, 2))}</pre>`;
const anchor = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-');

/**
 * `/api/docs`: both documents as one readable page, rendered on the server from the same objects the
 * JSON routes answer. No script, style or font from elsewhere, so it works with no internet.
 */
export function apiDocsPage(openApi: Doc, asyncApi: Doc): string {
  const info = openApi.info as { title: string; version: string; description: string };
  const paths = openApi.paths as Record<string, Record<string, Operation>>;
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'api';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  const tags = [...byTag.keys()].sort();
  const channels = asyncApi.channels as Record<
    string,
    { address: string; description: string; messages: Record<string, unknown> }
  >;
  const messages = ((asyncApi.components as Doc).messages ?? {}) as Record<
    string,
    { summary?: string; payload: unknown }
  >;
  const schemas = ((openApi.components as Doc).schemas ?? {}) as Record<string, unknown>;

  const operation = ({ method, path, op }: { method: string; path: string; op: Operation }) => `
<section class="op" id="${anchor(op.operationId)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
  <p class="summary">${escape(op.summary ?? '')}</p>
  ${op.description ? `<p>${escape(op.description)}</p>` : ''}
  <p class="auth">${op.security?.length ? `凭据 auth: ${op.security.map((s) => escape(Object.keys(s)[0])).join(' 或 or ')}` : '无需凭据 no credentials'}</p>
  ${
    op.parameters?.length
      ? `<table><thead><tr><th>参数 parameter</th><th>位置 in</th><th>必填 required</th><th>格式 schema</th></tr></thead><tbody>${op.parameters
          .map(
            (p) =>
              `<tr><td><code>${escape(p.name)}</code>${p.description ? `<br><small>${escape(p.description)}</small>` : ''}</td><td>${escape(p.in)}</td><td>${p.required ? '是 yes' : '否 no'}</td><td><code>${escape(JSON.stringify(p.schema))}</code></td></tr>`,
          )
          .join('')}</tbody></table>`
      : ''
  }
  ${
    op.requestBody
      ? Object.entries(op.requestBody.content)
          .map(
            ([type, media]) =>
              `<details><summary>请求体 request body <code>${escape(type)}</code>${op.requestBody!.description ? ` — ${escape(op.requestBody!.description)}` : ''}</summary>${json(media.schema)}</details>`,
          )
          .join('')
      : ''
  }
  <ul class="responses">${Object.entries(op.responses)
    .map(([status, r]) => `<li><b>${escape(status)}</b> ${escape(r.description)}</li>`)
    .join('')}</ul>
</section>`;

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>接口文档 API · ${escape(info.title)}</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1b1f24;line-height:1.5}
h1{font-size:1.5rem}h2{border-bottom:2px solid #c62828;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem;margin:.2rem 0}
nav a{margin-right:.8rem;white-space:nowrap}.op{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.method{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.get{background:#1565c0}.post{background:#2e7d32}.put{background:#ef6c00}.patch{background:#6a1b9a}.delete{background:#c62828}
.summary{font-weight:600;margin:.2rem 0}.auth{color:#57606a;font-size:.9rem;margin:.2rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d0d7de;padding:.2rem .4rem;text-align:left;vertical-align:top}
pre{background:#f6f8fa;overflow:auto;padding:.5rem;font-size:.8rem;max-height:30rem}code{overflow-wrap:anywhere}
details{margin:.3rem 0}.responses{margin:.3rem 0;padding-left:1.2rem}
</style>
</head>
<body>
<h1>接口文档 ${escape(info.title)} <small>v${escape(info.version)}</small></h1>
<p>${escape(info.description)}</p>
<p>机器可读 machine-readable: <a href="/api/docs/openapi.json">OpenAPI 3.1</a> · <a href="/api/docs/asyncapi.json">AsyncAPI 3 (Kafka)</a></p>
<nav>${tags.map((t) => `<a href="#tag-${anchor(t)}">${escape(t)}</a>`).join('')}<a href="#events">事件 events</a><a href="#schemas">模型 schemas</a></nav>
${tags
  .map((t) => `<h2 id="tag-${anchor(t)}">${escape(t)}</h2>${byTag.get(t)!.map(operation).join('')}`)
  .join('\n')}
<h2 id="events">事件 Kafka events (AsyncAPI)</h2>
${Object.entries(channels)
  .map(
    ([id, channel]) => `
<section class="op" id="channel-${anchor(id)}">
  <h3><code>${escape(channel.address)}</code></h3>
  <p>${escape(channel.description)}</p>
  ${Object.keys(channel.messages)
    .map(
      (m) =>
        `<details><summary><b>${escape(m)}</b> ${escape(messages[m]?.summary ?? '')}</summary>${json(messages[m]?.payload)}</details>`,
    )
    .join('')}
</section>`,
  )
  .join('')}
<h2 id="schemas">模型 schemas</h2>
${Object.entries(schemas)
  .map(
    ([name, schema]) =>
      `<details id="schema-${anchor(name)}"><summary><code>${escape(name)}</code></summary>${json(schema)}</details>`,
  )
  .join('')}
</body>
</html>
`;
}
