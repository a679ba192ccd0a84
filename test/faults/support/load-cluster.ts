import { PlatformCluster } from '../../../scripts/infra/platform-cluster';
import { createLoadParties, type LoadParties } from '../../../scripts/load/load-parties';
import { presignInvoices, type IssueRequest } from '../../../scripts/load/issue-load';

export interface LoadCluster {
  cluster: PlatformCluster;
  parties: LoadParties;
  /** Pre-signed issue requests from the load merchants to the load buyers, distinct each call. */
  presign(count: number): IssueRequest[];
  /** The buyer's access token for an issue request's invoice. */
  buyerToken(request: IssueRequest): string;
}

/**
 * The whole platform as separate processes, with merchants (keys registered) and buyers for a
 * load run: every fault test starts from this.
 */
export async function startLoadCluster(
  adminUrl: string,
  kafkaBrokers: string,
  env: NodeJS.ProcessEnv = {},
): Promise<LoadCluster> {
  const cluster = await PlatformCluster.start({ adminUrl, kafkaBrokers, env });
  try {
    const parties = await createLoadParties(cluster.databaseUrl, cluster.urls('issuing')[0], {
      merchants: 4,
      buyers: 8,
    });
    const buyers = new Map(parties.buyers.map((buyer) => [buyer.taxId, buyer.token]));
    return {
      cluster,
      parties,
      presign: (count) =>
        presignInvoices(
          parties.merchants,
          parties.buyers.map((buyer) => buyer.taxId),
          count,
        ),
      buyerToken: (request) => {
        const token = buyers.get(request.body.invoice.buyer.taxId);
        if (!token) throw new Error(`no load buyer ${request.body.invoice.buyer.taxId}`);
        return token;
      },
    };
  } catch (error) {
    await cluster.close();
    throw error;
  }
}
