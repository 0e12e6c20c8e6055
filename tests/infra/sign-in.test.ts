import { App, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_REDIRECT_URI } from '../../domain/sign-in.ts';
import { OPERATORS_GROUP } from '../../domain/staff.ts';
import { FUNCTIONS, type FunctionId } from '../../functions/catalog.ts';
import type { Stage } from '../../infra/context.ts';
import { PoleStack, type PoleStackProps } from '../../infra/stack.ts';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string | string[]; DeletionPolicy?: string };
type Resources = Record<string, Resource>;

function synth(stage: Stage, props: Partial<PoleStackProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PoleStack(app, `PoleWorkflows-${stage}`, { stage, env: { region: 'eu-west-3' }, ...props });
  const template = app.synth().getStackByName(stack.stackName).template as { Resources: Resources; Outputs: Record<string, unknown> };
  const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  return { stack, resources: template.Resources, outputs: template.Outputs, logicalId };
}

const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** Every logical id a resource refers to (Ref, Fn::GetAtt, DependsOn): its edges in CloudFormation's graph. */
function references(resource: Resource, ids: ReadonlySet<string>): string[] {
  const found = new Set<string>([resource.DependsOn ?? []].flat());
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string' && ids.has(inner)) found.add(inner);
        else if (key === 'Fn::GetAtt' && Array.isArray(inner) && ids.has(inner[0])) found.add(inner[0]);
        else walk(inner);
      }
    }
  };
  walk(resource.Properties);
  return [...found];
}

/** A dependency cycle among the resources, as CloudFormation would refuse it at deploy time; none: []. */
function cycle(resources: Resources): string[] {
  const ids = new Set(Object.keys(resources));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] => {
    if (state.get(id) === 'done') return [];
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of references(resources[id]!, ids)) {
      const found = visit(next);
      if (found.length > 0) return found;
    }
    path.pop();
    state.set(id, 'done');
    return [];
  };
  for (const id of ids) {
    const found = visit(id);
    if (found.length > 0) return found;
  }
  return [];
}

describe('staff sign-in in AWS (infra/sign-in.ts)', { timeout: 120_000 }, () => {
  let dev: ReturnType<typeof synth>;
  let prod: ReturnType<typeof synth>;
  beforeAll(() => {
    dev = synth('dev');
    prod = synth('prod', { publicBaseUrl: 'https://pole.example.fr', poles: ['pole-sud-aquitain', 'pole-bearn'] });
  }, 120_000);

  it('a user pool domain with the managed login', () => {
    const domains = ofType(dev.resources, 'AWS::Cognito::UserPoolDomain');
    expect(domains).toHaveLength(1);
    expect(domains[0]![1].Properties).toMatchObject({
      ManagedLoginVersion: 2,
      UserPoolId: { Ref: dev.logicalId(dev.stack.userPool) },
      Domain: { 'Fn::Join': ['', ['poleworkflows-dev-', { Ref: 'AWS::AccountId' }]] },
    });
    expect(synth('dev', { authDomainPrefix: 'connexion-pole' }).resources).toSatisfy((r: Resources) =>
      ofType(r, 'AWS::Cognito::UserPoolDomain').some(([, d]) => d.Properties.Domain === 'connexion-pole'),
    );
    // The newer managed login shows nothing without a branding: one per client, Cognito's own.
    const brandings = ofType(dev.resources, 'AWS::Cognito::ManagedLoginBranding').map(([, b]) => b.Properties);
    expect(brandings).toHaveLength(2);
    for (const b of brandings) expect(b.UseCognitoProvidedValues).toBe(true);
  });

  it('two public clients — the pages and pole-admin — with the authorization code flow only (PKCE, no secret, no implicit flow)', () => {
    const clients = ofType(dev.resources, 'AWS::Cognito::UserPoolClient').map(([, c]) => c.Properties);
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      expect(client).toMatchObject({
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        GenerateSecret: false,
        SupportedIdentityProviders: ['COGNITO'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      });
      // Nobody can move an admin to another pôle: no client writes an attribute, and `pole` is immutable.
      expect(client.WriteAttributes).toEqual([]);
      expect(client.ReadAttributes).toEqual(expect.arrayContaining(['email', 'custom:pole']));
    }
    const web = dev.resources[dev.logicalId(dev.stack.signIn.webClient)]!.Properties;
    const apiId = dev.logicalId(dev.stack.api);
    const adminPage = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, '/admin']] };
    expect(web.CallbackURLs).toEqual([adminPage]);
    expect(web.LogoutURLs).toEqual([adminPage]);
    expect(dev.resources[dev.logicalId(dev.stack.signIn.cliClient)]!.Properties.CallbackURLs).toEqual([CLI_REDIRECT_URI]);
    // With its own address, the pages are reached there too.
    const prodWeb = prod.resources[prod.logicalId(prod.stack.signIn.webClient)]!.Properties;
    expect(prodWeb.CallbackURLs).toEqual([expect.objectContaining({ 'Fn::Join': expect.any(Array) }), 'https://pole.example.fr/admin']);
  });

  it('requires MFA by authenticator app, recovers accounts by email only, protects the prod pool from deletion', () => {
    const pool = (r: Resources) => ofType(r, 'AWS::Cognito::UserPool')[0]![1];
    for (const { resources } of [dev, prod]) {
      expect(pool(resources).Properties).toMatchObject({
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Schema: expect.arrayContaining([expect.objectContaining({ Name: 'pole', Mutable: false })]),
      });
    }
    expect(pool(dev.resources).Properties.DeletionProtection).toBe('INACTIVE');
    expect(pool(prod.resources).Properties.DeletionProtection).toBe('ACTIVE');
    expect(pool(prod.resources).DeletionPolicy).toBe('Retain');
  });

  it('the operators group, and the admin routes accept both clients’ ID tokens', () => {
    expect(ofType(dev.resources, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName)).toEqual([OPERATORS_GROUP]);
    const [authorizer] = ofType(dev.resources, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer![1].Properties.JwtConfiguration.Audience).toEqual([
      { Ref: dev.logicalId(dev.stack.signIn.webClient) },
      { Ref: dev.logicalId(dev.stack.signIn.cliClient) },
    ]);
  });

  it('the pages and GET /auth/config know the domain and clients; the set-up knows the pôles served', () => {
    const variables = (s: typeof dev, id: FunctionId) => s.resources[s.logicalId(s.stack.functions[id])]!.Properties.Environment.Variables;
    for (const id of Object.keys(FUNCTIONS) as FunctionId[]) {
      const env = variables(dev, id);
      if ((FUNCTIONS[id] as { signIn?: boolean }).signIn) {
        expect(env).toMatchObject({
          AUTH_DOMAIN_URL: expect.objectContaining({ 'Fn::Join': expect.any(Array) }),
          AUTH_WEB_CLIENT_ID: { Ref: dev.logicalId(dev.stack.signIn.webClient) },
          AUTH_CLI_CLIENT_ID: { Ref: dev.logicalId(dev.stack.signIn.cliClient) },
          AUTH_USER_POOL_ID: { Ref: dev.logicalId(dev.stack.userPool) },
        });
      } else expect(env).not.toHaveProperty('AUTH_DOMAIN_URL');
    }
    expect(['AdminPage', 'CampaignReportPage', 'GetSignInConfig'].every((id) => variables(dev, id as FunctionId).AUTH_DOMAIN_URL)).toBe(
      true,
    );
    expect(variables(prod, 'SetUpPole').POLE_IDS).toBe('pole-sud-aquitain,pole-bearn');
    expect(variables(dev, 'SetUpPole').POLE_IDS).toBe('pole-sud-aquitain');
  });

  it('every function that mails knows where the links lead: the deployment’s https address in prod, never localhost', () => {
    const mailing = (Object.keys(FUNCTIONS) as FunctionId[]).filter((id) => (FUNCTIONS[id] as { mails?: boolean }).mails);
    expect(mailing.length).toBeGreaterThan(3);
    for (const id of mailing) {
      expect(prod.resources[prod.logicalId(prod.stack.functions[id])]!.Properties.Environment.Variables.PUBLIC_BASE_URL).toBe(
        'https://pole.example.fr',
      );
      expect(dev.resources[dev.logicalId(dev.stack.functions[id])]!.Properties.Environment.Variables.PUBLIC_BASE_URL).toEqual({
        'Fn::GetAtt': [dev.logicalId(dev.stack.api), 'ApiEndpoint'],
      });
    }
  });

  it('no dependency cycle: the clients’ callback URLs name the API, the API’s routes need their authorizer', () => {
    expect(cycle(dev.resources)).toEqual([]);
    expect(cycle(prod.resources)).toEqual([]);
    // The check itself finds a cycle when there is one.
    const looped: Resources = {
      A: { Type: 'X', Properties: { x: { Ref: 'B' } } },
      B: { Type: 'X', Properties: { y: { 'Fn::GetAtt': ['C', 'Arn'] } } },
      C: { Type: 'X', Properties: {}, DependsOn: ['A'] },
    };
    expect(cycle(looped)).toEqual(['A', 'B', 'C', 'A']);
  });

  it('outputs what the command line and the console steps need', () => {
    expect(Object.keys(dev.outputs)).toEqual(
      expect.arrayContaining(['UserPoolId', 'UserPoolClientId', 'UserPoolCliClientId', 'SignInDomainUrl', 'AdminPageUrl', 'ApiUrl']),
    );
  });
});
