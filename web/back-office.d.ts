/**
 * The back-office build's outputs (web/build.ts writes them to web/dist/, package.json `imports`
 * maps these names there). Declared here so that type-checking does not depend on a build.
 */
declare module '#back-office/page' {
  const page: import('./build.ts').BackOfficePage;
  export default page;
}

declare module '#back-office/assets' {
  const assets: import('./build.ts').BackOfficeAssets;
  export default assets;
}
