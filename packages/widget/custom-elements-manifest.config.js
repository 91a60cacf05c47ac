// Custom Elements Manifest (https://github.com/webcomponents/custom-elements-manifest) of <chat-wall>,
// generated from the JSDoc on `ChatWall` by `pnpm build` into dist/custom-elements.json.
// IDEs, Storybook and documentation sites read it through the `customElements` field of package.json.

/** The modules that declare the public surface; everything else is internal. */
const publicModules = {
  'src/chat-wall.ts': 'dist/lib/index.js',
  'src/events.ts': 'dist/lib/index.js',
  'src/define.ts': 'dist/lib/define.js',
};

export default {
  globs: Object.keys(publicModules),
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest itself; the analyzer would rewrite it for every --outdir.
  packagejson: false,
  plugins: [jsdocDefaults(), dropPrivate(), publishedPaths()],
};

/**
 * A `@default` in a property's JSDoc wins over what the analyzer reads from the constructor: that
 * would be `Layout.List` or `DEFAULT_WIDGET_POSTS`, where users need `'list'` or `50`.
 */
function jsdocDefaults() {
  return {
    name: 'chat-wall-jsdoc-defaults',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const doc = moduleDoc.declarations?.find((d) => d.name === node.name.getText());
      if (!doc) return;
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member)) continue;
        const tag = ts.getJSDocTags(member).find((t) => t.tagName.getText() === 'default');
        const value = typeof tag?.comment === 'string' ? tag.comment.trim() : undefined;
        if (!value) continue;
        const name = member.name.getText();
        for (const item of [...(doc.members ?? []), ...(doc.attributes ?? [])]) {
          if ((item.fieldName ?? item.name) === name) item.default = value;
        }
      }
    },
  };
}

/** Private fields (internal reactive state such as `failedImages`) are not part of the surface. */
function dropPrivate() {
  return {
    name: 'chat-wall-drop-private',
    moduleLinkPhase({ moduleDoc }) {
      for (const doc of moduleDoc.declarations ?? []) {
        const hidden = new Set((doc.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name));
        if (doc.members) doc.members = doc.members.filter((m) => !hidden.has(m.name));
        if (doc.attributes) doc.attributes = doc.attributes.filter((a) => !hidden.has(a.fieldName));
      }
    },
  };
}

/**
 * Module paths as the published package has them: lib/index.js re-exports the class and its
 * events (bundled into one chunk), lib/define.js registers the element.
 */
function publishedPaths() {
  return {
    name: 'chat-wall-published-paths',
    packageLinkPhase({ customElementsManifest }) {
      const byPath = new Map();
      for (const mod of customElementsManifest.modules) {
        const path = published(mod.path);
        const merged = byPath.get(path);
        if (merged) {
          merged.declarations.push(...(mod.declarations ?? []));
          merged.exports.push(...(mod.exports ?? []));
        } else {
          byPath.set(path, {
            ...mod,
            path,
            declarations: [...(mod.declarations ?? [])],
            exports: [...(mod.exports ?? [])],
          });
        }
      }
      for (const mod of byPath.values()) {
        // Locals of methods (`const tag = …` in render) show up as declarations: keep exported ones only.
        const exported = new Set(mod.exports.map((e) => e.declaration?.name));
        mod.declarations = mod.declarations.filter((d) => exported.has(d.name));
        for (const exp of mod.exports) {
          if (exp.declaration?.module) exp.declaration.module = published(exp.declaration.module);
        }
        for (const decl of mod.declarations) {
          // `extends Event` is read as a class of the same module; it is the DOM's global.
          if (decl.superclass?.module && !declares(customElementsManifest, decl.superclass)) {
            decl.superclass = { name: decl.superclass.name, package: 'global:' };
          }
        }
      }
      customElementsManifest.modules = [...byPath.values()];
    },
  };
}

/** Whether a module of the manifest (by its source path) declares `ref.name`. */
function declares(manifest, ref) {
  return manifest.modules.some((m) => m.path === ref.module && m.declarations?.some((d) => d.name === ref.name));
}

/** The published path of a source module, however the analyzer spelled it (`src/a.ts`, `/src/a.js`). */
function published(path) {
  const source = path.replace(/^\//, '').replace(/\.js$/, '.ts');
  return publicModules[source] ?? path;
}
