// The version reported by /api/v1/health and the OpenAPI document: the one in package.json.
import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
