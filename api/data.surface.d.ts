import { ColumnType } from 'kysely';
import { Kysely } from 'kysely';
import pg from 'pg';
import { Selectable } from 'kysely';
import { z } from 'zod';
declare interface AccessEpochs {
    epoch: Generated<Int8>;
    tenantId: string;
    userId: string;
}
export declare type AccessRepository = ReturnType<typeof accessRepository>;
declare function accessRepository(ctx: RepositoryContext): {
    roles: () => Promise<Role[]>;
    createRole(input: CreateRoleInput): Promise<Role>;
    setRolePermissions(name: string, permissions: readonly string[]): Promise<Role>;
    deleteRole(name: string): Promise<void>;
    grants(userId?: string): Promise<PermissionGrant[]>;
    grant(input: PermissionGrantInput): Promise<PermissionGrant>;
    revoke(userId: string, permission: string): Promise<boolean>;
    putUpWall(input: WallInput): Promise<EthicalWall>;
    takeDownWall(caseId: string, userId: string): Promise<boolean>;
    walls(filter?: ListWallsInput): Promise<EthicalWall[]>;
    whatCanSee(userId: string): Promise<UserAccess>;
    whoCanSee(caseId: string): Promise<CaseAccess[]>;
};
export declare type AccessToken = Omit<Selectable<AccessTokens>, 'tokenHash'>;
declare interface AccessTokens {
    createdAt: Generated<Timestamp>;
    expiresAt: Timestamp | null;
    id: Generated<string>;
    lastUsedAt: Timestamp | null;
    name: string;
    revokedAt: Timestamp | null;
    scopes: Generated<string[]>;
    tenantId: Generated<string>;
    tokenHash: string;
    tokenPrefix: string;
    userId: string;
}
declare const accessTokenSchema: z.ZodObject<{
    name: z.ZodString;
    scopes: z.ZodDefault<z.ZodArray<z.ZodString>>;
    expiresAt: z.ZodOptional<z.ZodDate>;
}, z.core.$strict>;
export declare type AccessTokensRepository = ReturnType<typeof accessTokensRepository>;
declare function accessTokensRepository(ctx: RepositoryContext): {
    create(input: CreateAccessTokenInput): Promise<{
        token: string;
        accessToken: AccessToken;
    }>;
    list(): Promise<AccessToken[]>;
    revoke(id: string): Promise<void>;
};
export declare type AffiliationInput = z.input<typeof affiliationSchema>;
declare const affiliationSchema: z.ZodObject<{
    partyId: z.ZodUUID;
    affiliateId: z.ZodUUID;
    relation: z.ZodEnum<{
        family: "family";
        other: "other";
        parent: "parent";
        subsidiary: "subsidiary";
        affiliate: "affiliate";
        officer: "officer";
        director: "director";
        employee: "employee";
        shareholder: "shareholder";
        partner: "partner";
        spouse: "spouse";
    }>;
}, z.core.$strict>;
declare interface AiQueries {
    answer: string | null;
    caseId: string | null;
    confidenceScore: number | null;
    conversationId: string | null;
    createdAt: Generated<Timestamp>;
    id: Generated<string>;
    model: string | null;
    queryText: string;
    refusalReason: string | null;
    responseTimeMs: number;
    retrievedDocuments: Generated<Json>;
    sources: Generated<Json>;
    tenantId: Generated<string>;
    userId: string;
}
export declare type AiQueriesRepository = ReturnType<typeof aiQueriesRepository>;
declare function aiQueriesRepository(ctx: RepositoryContext): {
    record(input: RecordQueryInput): Promise<AiQuery>;
    list(input?: ListQueriesInput): Promise<Page<AiQuery>>;
};
export declare type AiQuery = Selectable<AiQueries>;
export declare type ApplyDeadlinesInput = z.input<typeof applySchema>;
declare const applySchema: z.ZodObject<{
    ruleSetId: z.ZodUUID;
    triggerDate: z.ZodISODate;
    serviceMethod: z.ZodDefault<z.ZodEnum<{
        other: "other";
        personal: "personal";
        electronic: "electronic";
        mail: "mail";
    }>>;
    assignedTo: z.ZodOptional<z.ZodUUID>;
}, z.core.$strict>;
declare interface AuditChainAnchors {
    droppedAt: Generated<Timestamp>;
    hash: Buffer;
    partition: string;
    seq: Int8;
    tenantId: string;
}
declare interface AuditChainHeads {
    lastHash: Buffer;
    lastSeq: Int8;
    tenantId: string;
}
export declare interface AuditEvent {
    seq: string;
    occurredAt: Date;
    action: string;
    actorId: string | null;
    actorRole: string | null;
    dbRole: string;
    tableName: string | null;
    recordId: string | null;
    caseId: string | null;
    documentId: string | null;
    requestId: string | null;
    ip: string | null;
    userAgent: string | null;
    reason: string | null;
    rowData: unknown;
    changes: unknown;
    details: unknown;
    prevHash: string;
    hash: string;
}
declare interface AuditLog {
    action: string;
    actorId: string | null;
    actorRole: string | null;
    caseId: string | null;
    changes: Json | null;
    dbRole: string;
    details: Json | null;
    documentId: string | null;
    hash: Buffer;
    ip: string | null;
    occurredAt: Timestamp;
    prevHash: Buffer;
    reason: string | null;
    recordId: string | null;
    requestId: string | null;
    rowData: Json | null;
    seq: Int8;
    tableName: string | null;
    tenantId: string;
    txid: Int8;
    userAgent: string | null;
}
declare type AuditRangeInput = z.input<typeof auditRangeSchema>;
declare const auditRangeSchema: z.ZodObject<{
    from: z.ZodISODateTime;
    to: z.ZodISODateTime;
}, z.core.$strict>;
export declare type AuditRepository = ReturnType<typeof auditRepository>;
declare function auditRepository(ctx: RepositoryContext): {
    list(input: ListAuditInput): Promise<Page<AuditEvent>>;
    count(input: AuditRangeInput): Promise<number>;
};
export declare type Auth = ReturnType<typeof createAuth>;
declare interface AuthOptions {
    query: AuthQuery;
    signer: ContextSigner;
    passwordHashCost: number;
    maxFailedLogins?: number;
    lockoutMinutes?: number;
    sessionTtlSeconds?: number;
    userOf: (context: TenantContext) => Promise<User>;
}
declare type AuthQuery = <R>(text: string, values: readonly unknown[]) => Promise<R[]>;
export declare type Case = Omit<Selectable<Cases>, 'searchVector'>;
export declare interface CaseAccess {
    userId: string;
    fullName: string;
    role: string;
    level: 'read' | 'write';
    via: string;
}
declare interface CaseActivities {
    activityType: string;
    body: string | null;
    caseId: string;
    details: Generated<Json>;
    id: Generated<string>;
    occurredAt: Generated<Timestamp>;
    tenantId: Generated<string>;
    userId: string | null;
}
export declare type CaseActivity = Selectable<CaseActivities>;
export declare interface CaseDeadline {
    id: string;
    deadlineSetId: string;
    caseId: string;
    ruleId: string;
    name: string;
    taskId: string;
    dueOn: string;
    computedDue: string;
    overridden: boolean;
    overrideReason: string | null;
}
declare interface CaseDeadlines {
    caseId: string;
    computedDue: string;
    createdAt: Generated<Timestamp>;
    deadlineSetId: string;
    id: Generated<string>;
    overrideDue: string | null;
    overrideReason: string | null;
    ruleId: string;
    taskId: string;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare type CaseDeadlineSet = Selectable<CaseDeadlineSets>;
declare interface CaseDeadlineSets {
    appliedAt: Generated<Timestamp>;
    appliedBy: Generated<string | null>;
    assignedTo: string | null;
    caseId: string;
    id: Generated<string>;
    ruleSetId: string;
    serviceMethod: Generated<string>;
    tenantId: Generated<string>;
    triggerDate: string;
    updatedAt: Generated<Timestamp>;
}
export declare type CaseMember = Selectable<CaseMembers>;
declare interface CaseMembers {
    addedAt: Generated<Timestamp>;
    addedBy: string | null;
    caseId: string;
    memberRole: Generated<string>;
    permissionLevel: Generated<string>;
    tenantId: Generated<string>;
    userId: string;
}
declare interface CaseParties {
    caseId: string;
    clientId: string | null;
    createdAt: Generated<Timestamp>;
    email: string | null;
    id: Generated<string>;
    name: string;
    notes: string | null;
    organization: string | null;
    partyId: string | null;
    partyRole: string;
    phone: string | null;
    tenantId: Generated<string>;
}
export declare type CaseParty = Selectable<CaseParties>;
declare interface Cases {
    assignedTo: string | null;
    caseNumber: string | null;
    caseType: Generated<string>;
    caseValue: Numeric | null;
    clientId: string | null;
    clientName: string | null;
    closedAt: Timestamp | null;
    court: string | null;
    createdAt: Generated<Timestamp>;
    createdBy: string | null;
    customFields: Generated<Json>;
    description: string | null;
    discoveryDeadline: string | null;
    fileCount: Generated<number>;
    filingDate: string | null;
    folderPath: ColumnType<string, string | undefined, string>;
    id: Generated<string>;
    incidentDate: string | null;
    isPinned: Generated<boolean>;
    lastAccessed: Generated<Timestamp>;
    legalHold: Generated<boolean>;
    legalHoldReason: string | null;
    legalHoldSetAt: Timestamp | null;
    legalHoldSetBy: string | null;
    matterNumber: string | null;
    ownerId: string;
    priority: Generated<string>;
    searchVector: Generated<string | null>;
    status: Generated<string>;
    statuteOfLimitations: string | null;
    storagePrefix: ColumnType<string, string | undefined, string>;
    tags: Generated<string[]>;
    tenantId: Generated<string>;
    title: string;
    totalSizeBytes: Generated<Int8>;
    trialDate: string | null;
    updatedAt: Generated<Timestamp>;
}
export declare interface CaseSearchHit {
    case: Case;
    rank: number;
    headline: string;
}
export declare type CasesRepository = ReturnType<typeof casesRepository>;
declare function casesRepository(ctx: RepositoryContext): {
    create(input: CreateCaseInput): Promise<Case>;
    find: (id: string) => Promise<Case | undefined>;
    get: (id: string) => Promise<Case>;
    update(id: string, patch: UpdateCaseInput): Promise<Case>;
    list(input?: ListCasesInput): Promise<Page<Case>>;
    search(query: string, options?: {
        limit?: number;
    }): Promise<CaseSearchHit[]>;
    transition(id: string, to: string, options?: {
        reason?: string;
    }): Promise<Case>;
    assign(caseId: string, userId: string): Promise<CaseMember>;
    addCollaborator(caseId: string, userId: string, permissionLevel?: "viewer" | "editor" | "admin"): Promise<CaseMember>;
    removeMember(caseId: string, userId: string): Promise<boolean>;
    members(caseId: string): Promise<CaseMember[]>;
    addParty(caseId: string, input: PartyInput): Promise<CaseParty>;
    parties(caseId: string): Promise<CaseParty[]>;
    comment(caseId: string, body: string): Promise<CaseActivity>;
    activities(caseId: string): Promise<CaseActivity[]>;
    pin(caseId: string, pinned?: boolean): Promise<Case>;
    touch(caseId: string): Promise<void>;
};
declare interface CaseStatuses {
    code: string;
    isOpen: boolean;
    label: string;
    sortOrder: number;
}
declare interface CaseStatusHistory {
    caseId: string;
    changedAt: Generated<Timestamp>;
    changedBy: string | null;
    fromStatus: string | null;
    id: Generated<string>;
    reason: string | null;
    tenantId: Generated<string>;
    toStatus: string;
}
declare interface CaseStatusTransitions {
    fromStatus: string;
    requiredPermission: string;
    toStatus: string;
}
export declare type CategoryInput = z.input<typeof categorySchema>;
declare const categorySchema: z.ZodObject<{
    name: z.ZodString;
    parentId: z.ZodOptional<z.ZodUUID>;
    description: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
declare type ChangePasswordInput = z.input<typeof changePasswordSchema>;
declare const changePasswordSchema: z.ZodObject<{
    currentPassword: z.ZodString;
    newPassword: z.ZodString;
    keepSessionToken: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ChangeTriggerInput = z.input<typeof changeTriggerSchema>;
declare const changeTriggerSchema: z.ZodObject<{
    triggerDate: z.ZodISODate;
    serviceMethod: z.ZodOptional<z.ZodEnum<{
        other: "other";
        personal: "personal";
        electronic: "electronic";
        mail: "mail";
    }>>;
}, z.core.$strict>;
export declare class CheckViolationError extends LegalError {
    readonly constraint: string | undefined;
    readonly name = "CheckViolationError";
    constructor(constraint: string | undefined, options?: ErrorOptions);
}
export declare interface ChunkHit {
    chunk: Omit<DocumentChunk, 'embedding'>;
    similarity: number;
}
export declare type ChunksRepository = ReturnType<typeof chunksRepository>;
declare function chunksRepository(ctx: RepositoryContext): {
    replace(input: InsertChunksInput): Promise<number>;
    list(documentId: string): Promise<DocumentChunk[]>;
    nearest(embedding: number[], k: number, filters: {
        model: string;
        caseId?: string;
        documentIds?: string[];
    }): Promise<ChunkHit[]>;
};
export declare type Client = Omit<ClientRow, 'dateOfBirthEncrypted' | 'nationalIdEncrypted' | 'taxIdEncrypted' | 'notesEncrypted' | 'taxIdBidx' | 'nationalIdBidx' | 'searchVector'> & {
    notes: string | null;
    taxId: string | null;
    nationalId: string | null;
    dateOfBirth: string | null;
};
export declare interface ClientErasure {
    clientId: string;
    erasedAt: Date;
    rows: Record<string, number>;
    storageKeys: string[];
}
export declare interface ClientExport {
    client: Record<string, unknown>;
    records: Record<string, Record<string, unknown>[]>;
    audit: ClientExportAuditEntry[];
    exported_at: string;
}
export declare interface ClientExportAuditEntry {
    seq: number;
    occurred_at: string;
    action: string;
    table: string;
    record_id: string;
    actor_id: string | null;
    reason: string | null;
    row_data: Record<string, unknown> | null;
    changes: Record<string, {
        old: unknown;
        new: unknown;
    }> | null;
}
declare type ClientRow = Selectable<Clients>;
declare interface Clients {
    address: Generated<Json>;
    archivedAt: Timestamp | null;
    caseNumber: string | null;
    caseType: string | null;
    companyName: string | null;
    createdAt: Generated<Timestamp>;
    createdBy: string | null;
    dateOfBirthEncrypted: Buffer | null;
    email: string | null;
    encryptionKeyId: string | null;
    externalRef: string | null;
    firstName: string | null;
    id: Generated<string>;
    kind: Generated<string>;
    lastName: string | null;
    name: string;
    nationalIdBidx: string | null;
    nationalIdEncrypted: Buffer | null;
    notesEncrypted: Buffer | null;
    phone: string | null;
    searchVector: Generated<string | null>;
    taxIdBidx: string | null;
    taxIdEncrypted: Buffer | null;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare type ClientsRepository = ReturnType<typeof clientsRepository>;
declare function clientsRepository(ctx: RepositoryContext): {
    create(input: CreateClientInput): Promise<Client>;
    find: (id: string) => Promise<Client | undefined>;
    get(id: string): Promise<Client>;
    findByTaxId: (taxId: string) => Promise<Client | undefined>;
    findByNationalId: (nationalId: string) => Promise<Client | undefined>;
    update(id: string, patch: UpdateClientInput): Promise<Client>;
    list(input?: ListClientsInput): Promise<Page<Client>>;
};
export declare type Communication = Omit<Selectable<Communications>, 'bodyEncrypted'> & {
    body: string | null;
};
declare interface Communications {
    bodyEncrypted: Buffer | null;
    caseId: string | null;
    clientId: string | null;
    createdAt: Generated<Timestamp>;
    direction: string;
    durationMinutes: number | null;
    encryptionKeyId: string | null;
    id: Generated<string>;
    kind: string;
    occurredAt: Generated<Timestamp>;
    participants: Generated<Json>;
    recordedBy: string | null;
    subject: string | null;
    tenantId: Generated<string>;
}
export declare type CommunicationsRepository = ReturnType<typeof communicationsRepository>;
declare function communicationsRepository(ctx: RepositoryContext): {
    create(input: CreateCommunicationInput): Promise<Communication>;
    find: (id: string) => Promise<Communication | undefined>;
    get(id: string): Promise<Communication>;
    list(input?: ListCommunicationsInput): Promise<Page<Communication>>;
};
declare const completeUploadSchema: z.ZodObject<{
    contentHash: z.ZodString;
    fileSize: z.ZodOptional<z.ZodNumber>;
    versionId: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ComputeDeadlinesInput = z.input<typeof computeSchema>;
declare const computeSchema: z.ZodObject<{
    triggerDate: z.ZodISODate;
    serviceMethod: z.ZodDefault<z.ZodEnum<{
        other: "other";
        personal: "personal";
        electronic: "electronic";
        mail: "mail";
    }>>;
}, z.core.$strict>;
export declare type ConflictCheck = Omit<Selectable<ConflictChecks>, 'hits'> & {
    hits: ConflictHit[];
    hitCount: number;
};
declare interface ConflictChecks {
    caseId: string | null;
    checkedAt: Generated<Timestamp>;
    checkedBy: Generated<string>;
    decidedAt: Timestamp | null;
    decidedBy: string | null;
    decision: Generated<string>;
    decisionReason: string | null;
    hits: Generated<Json>;
    id: Generated<string>;
    query: string;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare class ConflictError extends LegalError {
    readonly constraint: string | undefined;
    readonly name = "ConflictError";
    constructor(constraint: string | undefined, options?: ErrorOptions);
}
export declare interface ConflictHit {
    party: {
        id: string;
        name: string;
        kind: string;
        clientId: string | null;
    };
    matchedName: string;
    nameKind: string;
    score: number;
    via: {
        partyId: string;
        relation: string;
    } | null;
    matters: ConflictMatter[];
}
export declare interface ConflictMatter {
    caseId: string;
    matterNumber: string | null;
    title: string | null;
    status: string;
    role: string;
    restricted: boolean;
}
export declare type ConflictsRepository = ReturnType<typeof conflictsRepository>;
declare function conflictsRepository(ctx: RepositoryContext): {
    addParty(input: CreatePartyInput): Promise<Party & {
        otherNames: PartyName[];
    }>;
    findParty: (id: string) => Promise<Party | undefined>;
    getParty(id: string): Promise<Party>;
    addName(partyId: string, input: OtherNameInput): Promise<PartyName>;
    names(partyId: string): Promise<PartyName[]>;
    affiliate(input: AffiliationInput): Promise<PartyAffiliation>;
    removeParty(id: string): Promise<boolean>;
    search: (query: string, options?: {
        limit?: number;
    }) => Promise<ConflictHit[]>;
    check(input: RunCheckInput): Promise<ConflictCheck>;
    decide(id: string, input: DecideInput): Promise<ConflictCheck>;
    findCheck: (id: string) => Promise<ConflictCheck | undefined>;
    getCheck(id: string): Promise<ConflictCheck>;
    listChecks(input?: ListChecksInput): Promise<Page<ConflictCheck>>;
};
export declare class ConnectionLostError extends LegalError {
    readonly duringCommit: boolean;
    readonly name = "ConnectionLostError";
    constructor(duringCommit: boolean, options?: ErrorOptions);
}
declare interface ContextKeys {
    createdAt: Generated<Timestamp>;
    id: number;
    ipad: Buffer;
    key: Buffer;
    opad: Buffer;
}
export declare interface ContextSigner {
    ticket(payload: object): string;
    timedTicket(payload: object, reuseMs?: number): string;
}
export declare function contextSigner(key: string | Uint8Array): ContextSigner;
export declare type Conversation = Selectable<Conversations>;
export declare type ConversationMessage = Selectable<ConversationMessages>;
declare interface ConversationMessages {
    caseId: string | null;
    content: string;
    conversationId: string;
    createdAt: Generated<Timestamp>;
    id: Generated<string>;
    metadata: Generated<Json>;
    role: string;
    tenantId: Generated<string>;
    userId: string | null;
}
declare interface Conversations {
    archivedAt: Timestamp | null;
    caseId: string | null;
    clientId: string | null;
    createdAt: Generated<Timestamp>;
    id: Generated<string>;
    tenantId: Generated<string>;
    title: string | null;
    updatedAt: Generated<Timestamp>;
    userId: string;
}
export declare type ConversationsRepository = ReturnType<typeof conversationsRepository>;
declare function conversationsRepository(ctx: RepositoryContext): {
    create(input?: CreateConversationInput): Promise<Conversation>;
    find: (id: string) => Promise<Conversation | undefined>;
    get: (id: string) => Promise<Conversation>;
    addMessage(conversationId: string, message: MessageInput): Promise<ConversationMessage>;
    messages(conversationId: string): Promise<ConversationMessage[]>;
    archive(id: string): Promise<Conversation>;
    list(input?: ListConversationsInput): Promise<Page<Conversation>>;
};
export declare type CourtHoliday = Selectable<CourtHolidays>;
declare interface CourtHolidays {
    createdAt: Generated<Timestamp>;
    day: string;
    id: Generated<string>;
    jurisdiction: string;
    name: string;
    tenantId: Generated<string>;
}
export declare type CourtHolidaysInput = z.input<typeof holidaysSchema>;
export declare type CreateAccessTokenInput = z.input<typeof accessTokenSchema>;
declare function createAuth(options: AuthOptions): {
    login(input: LoginInput): Promise<LoginResult>;
    logout(token: string): Promise<boolean>;
    resolveSession(token: string): Promise<TenantContext | undefined>;
    resolveAccessToken(token: string): Promise<TenantContext | undefined>;
    requestPasswordReset(input: {
        tenantSlug: string;
        email: string;
        ip?: string;
    }): Promise<string | undefined>;
    resetPassword(input: {
        token: string;
        newPassword: string;
    }): Promise<void>;
};
export declare type CreateCaseInput = z.input<typeof createCaseSchema>;
declare const createCaseSchema: z.ZodObject<{
    title: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    clientId: z.ZodOptional<z.ZodUUID>;
    clientName: z.ZodOptional<z.ZodString>;
    matterNumber: z.ZodOptional<z.ZodString>;
    caseType: z.ZodOptional<z.ZodEnum<{
        custom: "custom";
        litigation: "litigation";
        transactional: "transactional";
        estate: "estate";
        corporate: "corporate";
        real_estate: "real_estate";
        criminal: "criminal";
        family: "family";
    }>>;
    priority: z.ZodOptional<z.ZodEnum<{
        low: "low";
        medium: "medium";
        high: "high";
        urgent: "urgent";
    }>>;
    ownerId: z.ZodOptional<z.ZodUUID>;
    court: z.ZodOptional<z.ZodString>;
    caseNumber: z.ZodOptional<z.ZodString>;
    incidentDate: z.ZodOptional<z.ZodISODate>;
    filingDate: z.ZodOptional<z.ZodISODate>;
    discoveryDeadline: z.ZodOptional<z.ZodISODate>;
    trialDate: z.ZodOptional<z.ZodISODate>;
    statuteOfLimitations: z.ZodOptional<z.ZodISODate>;
    caseValue: z.ZodOptional<z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>>;
    tags: z.ZodOptional<z.ZodArray<z.ZodString>>;
    customFields: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strict>;
export declare type CreateClientInput = z.input<typeof createClientSchema>;
declare const createClientSchema: z.ZodObject<{
    name: z.ZodString;
    firstName: z.ZodOptional<z.ZodString>;
    lastName: z.ZodOptional<z.ZodString>;
    companyName: z.ZodOptional<z.ZodString>;
    email: z.ZodOptional<z.ZodEmail>;
    phone: z.ZodOptional<z.ZodString>;
    address: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    externalRef: z.ZodOptional<z.ZodString>;
    caseNumber: z.ZodOptional<z.ZodString>;
    caseType: z.ZodOptional<z.ZodString>;
    notes: z.ZodOptional<z.ZodString>;
    taxId: z.ZodOptional<z.ZodString>;
    nationalId: z.ZodOptional<z.ZodString>;
    dateOfBirth: z.ZodOptional<z.ZodISODate>;
    kind: z.ZodDefault<z.ZodEnum<{
        person: "person";
        company: "company";
    }>>;
}, z.core.$strict>;
export declare type CreateCommunicationInput = z.input<typeof createCommunicationSchema>;
declare const createCommunicationSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    clientId: z.ZodOptional<z.ZodUUID>;
    kind: z.ZodEnum<{
        email: "email";
        phone: "phone";
        meeting: "meeting";
        letter: "letter";
    }>;
    direction: z.ZodEnum<{
        inbound: "inbound";
        outbound: "outbound";
        internal: "internal";
    }>;
    subject: z.ZodOptional<z.ZodString>;
    body: z.ZodOptional<z.ZodString>;
    participants: z.ZodDefault<z.ZodArray<z.ZodObject<{
        name: z.ZodOptional<z.ZodString>;
        email: z.ZodOptional<z.ZodEmail>;
        role: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
    occurredAt: z.ZodOptional<z.ZodUnion<[z.ZodISODateTime, z.ZodPipe<z.ZodDate, z.ZodTransform<string, Date>>]>>;
    durationMinutes: z.ZodOptional<z.ZodNumber>;
}, z.core.$strict>;
export declare type CreateConversationInput = z.input<typeof createConversationSchema>;
declare const createConversationSchema: z.ZodObject<{
    clientId: z.ZodOptional<z.ZodUUID>;
    caseId: z.ZodOptional<z.ZodUUID>;
    title: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type CreateExpenseInput = z.input<typeof createExpenseSchema>;
declare const createExpenseSchema: z.ZodObject<{
    caseId: z.ZodUUID;
    userId: z.ZodOptional<z.ZodUUID>;
    incurredOn: z.ZodOptional<z.ZodISODate>;
    category: z.ZodDefault<z.ZodEnum<{
        expert: "expert";
        other: "other";
        filing_fee: "filing_fee";
        court_cost: "court_cost";
        travel: "travel";
        courier: "courier";
        copying: "copying";
        research: "research";
    }>>;
    description: z.ZodString;
    amount: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
    currency: z.ZodDefault<z.ZodString>;
    billable: z.ZodDefault<z.ZodBoolean>;
    receiptDocumentId: z.ZodOptional<z.ZodUUID>;
    utbmsExpenseCode: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type CreateInvoiceInput = z.input<typeof createInvoiceSchema>;
declare const createInvoiceSchema: z.ZodObject<{
    clientId: z.ZodUUID;
    caseId: z.ZodOptional<z.ZodUUID>;
    currency: z.ZodDefault<z.ZodString>;
    issueDate: z.ZodOptional<z.ZodISODate>;
    dueDate: z.ZodOptional<z.ZodISODate>;
    taxRate: z.ZodDefault<z.ZodString>;
    notes: z.ZodOptional<z.ZodString>;
    lines: z.ZodDefault<z.ZodArray<z.ZodObject<{
        description: z.ZodString;
        quantity: z.ZodDefault<z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>>;
        unitPrice: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
        timeEntryId: z.ZodOptional<z.ZodUUID>;
        expenseId: z.ZodOptional<z.ZodUUID>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export declare function createLegalDb(options: CreateLegalDbOptions): LegalDb;
export declare interface CreateLegalDbOptions {
    connectionString?: string;
    pool?: pg.Pool;
    contextKey: string | Uint8Array;
    maxConnections?: number;
    readReplicas?: readonly (string | pg.Pool)[];
    readYourWrites?: 'wait' | 'primary' | 'none';
    replicaWaitMs?: number;
    statementTimeoutMs?: number;
    lockTimeoutMs?: number;
    earlyCommit?: boolean;
    preparedStatements?: boolean;
    logger?: LegalLogger;
    encryption?: EncryptionOptions;
    passwordHashCost?: number;
    embeddingDimensions?: Readonly<Record<string, number>>;
}
export declare type CreatePartyInput = z.input<typeof createPartySchema>;
declare const createPartySchema: z.ZodObject<{
    kind: z.ZodDefault<z.ZodEnum<{
        organization: "organization";
        person: "person";
    }>>;
    name: z.ZodString;
    clientId: z.ZodOptional<z.ZodUUID>;
    notes: z.ZodOptional<z.ZodString>;
    otherNames: z.ZodDefault<z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        kind: z.ZodDefault<z.ZodEnum<{
            alias: "alias";
            former_name: "former_name";
            trade_name: "trade_name";
            maiden_name: "maiden_name";
            abbreviation: "abbreviation";
        }>>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export declare type CreateRoleInput = z.input<typeof createRoleSchema>;
declare const createRoleSchema: z.ZodObject<{
    name: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    permissions: z.ZodArray<z.ZodString>;
}, z.core.$strict>;
export declare type CreateTaskInput = z.input<typeof createTaskSchema>;
declare const createTaskSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    title: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    kind: z.ZodDefault<z.ZodEnum<{
        task: "task";
        deadline: "deadline";
        court_date: "court_date";
        statute_of_limitations: "statute_of_limitations";
    }>>;
    priority: z.ZodDefault<z.ZodEnum<{
        low: "low";
        medium: "medium";
        high: "high";
        urgent: "urgent";
    }>>;
    assignedTo: z.ZodOptional<z.ZodUUID>;
    dueAt: z.ZodOptional<z.ZodUnion<[z.ZodISODateTime, z.ZodPipe<z.ZodDate, z.ZodTransform<string, Date>>]>>;
    reminderAt: z.ZodOptional<z.ZodUnion<[z.ZodISODateTime, z.ZodPipe<z.ZodDate, z.ZodTransform<string, Date>>]>>;
    court: z.ZodOptional<z.ZodString>;
    location: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type CreateTemplateInput = z.input<typeof createTemplateSchema>;
declare const createTemplateSchema: z.ZodObject<{
    name: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    categoryId: z.ZodOptional<z.ZodUUID>;
    body: z.ZodString;
    variables: z.ZodDefault<z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        required: z.ZodDefault<z.ZodBoolean>;
        description: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export declare type CreateTenantInput = z.input<typeof createTenantSchema>;
declare const createTenantSchema: z.ZodObject<{
    slug: z.ZodString;
    name: z.ZodString;
    maxDocumentSizeBytes: z.ZodOptional<z.ZodNumber>;
    admin: z.ZodOptional<z.ZodObject<{
        email: z.ZodEmail;
        password: z.ZodString;
        fullName: z.ZodString;
    }, z.core.$strict>>;
}, z.core.$strict>;
export declare type CreateTimeEntryInput = z.input<typeof createTimeEntrySchema>;
declare const createTimeEntrySchema: z.ZodObject<{
    caseId: z.ZodUUID;
    userId: z.ZodOptional<z.ZodUUID>;
    workDate: z.ZodOptional<z.ZodISODate>;
    minutes: z.ZodNumber;
    rate: z.ZodDefault<z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>>;
    currency: z.ZodDefault<z.ZodString>;
    billable: z.ZodDefault<z.ZodBoolean>;
    description: z.ZodString;
    utbmsTaskCode: z.ZodOptional<z.ZodString>;
    utbmsActivityCode: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type CreateTrustAccountInput = z.input<typeof createTrustAccountSchema>;
declare const createTrustAccountSchema: z.ZodObject<{
    name: z.ZodString;
    kind: z.ZodDefault<z.ZodEnum<{
        iolta: "iolta";
        client_trust: "client_trust";
    }>>;
    bankName: z.ZodOptional<z.ZodString>;
    accountLast4: z.ZodOptional<z.ZodString>;
    currency: z.ZodDefault<z.ZodString>;
    openedOn: z.ZodOptional<z.ZodISODate>;
}, z.core.$strict>;
export declare type CreateUserInput = z.input<typeof createUserSchema>;
declare const createUserSchema: z.ZodObject<{
    fullName: z.ZodString;
    firstName: z.ZodOptional<z.ZodString>;
    lastName: z.ZodOptional<z.ZodString>;
    username: z.ZodOptional<z.ZodString>;
    role: z.ZodOptional<z.ZodString>;
    organization: z.ZodOptional<z.ZodString>;
    barNumber: z.ZodOptional<z.ZodString>;
    practiceAreas: z.ZodOptional<z.ZodArray<z.ZodString>>;
    email: z.ZodEmail;
    password: z.ZodString;
}, z.core.$strict>;
export declare class DatabaseUnavailableError extends LegalError {
    readonly name = "DatabaseUnavailableError";
    constructor(message: string, options?: ErrorOptions);
}
export declare interface DB {
    accessEpochs: AccessEpochs;
    accessTokens: AccessTokens;
    aiQueries: AiQueries;
    auditChainAnchors: AuditChainAnchors;
    auditChainHeads: AuditChainHeads;
    auditLog: AuditLog;
    caseActivities: CaseActivities;
    caseDeadlines: CaseDeadlines;
    caseDeadlineSets: CaseDeadlineSets;
    caseMembers: CaseMembers;
    caseParties: CaseParties;
    cases: Cases;
    caseStatuses: CaseStatuses;
    caseStatusHistory: CaseStatusHistory;
    caseStatusTransitions: CaseStatusTransitions;
    clients: Clients;
    communications: Communications;
    conflictChecks: ConflictChecks;
    contextKeys: ContextKeys;
    conversationMessages: ConversationMessages;
    conversations: Conversations;
    courtHolidays: CourtHolidays;
    deadlineRules: DeadlineRules;
    deadlineRuleSets: DeadlineRuleSets;
    defaultRolePermissions: DefaultRolePermissions;
    defaultRoles: DefaultRoles;
    documentCategories: DocumentCategories;
    documentChunks: DocumentChunks;
    documentPermissions: DocumentPermissions;
    documents: Documents;
    documentVersions: DocumentVersions;
    ethicalWalls: EthicalWalls;
    expenses: Expenses;
    invoiceLineItems: InvoiceLineItems;
    invoices: Invoices;
    parties: Parties;
    partyAffiliations: PartyAffiliations;
    partyNames: PartyNames;
    passwordResetTokens: PasswordResetTokens;
    permissions: Permissions;
    privacyKeys: PrivacyKeys;
    rolePermissions: RolePermissions;
    roles: Roles;
    securityEvents: SecurityEvents;
    signInMisses: SignInMisses;
    tasks: Tasks;
    templates: Templates;
    templateVersions: TemplateVersions;
    tenants: Tenants;
    timeEntries: TimeEntries;
    trustAccounts: TrustAccounts;
    trustBankLines: TrustBankLines;
    trustClientBalances: TrustClientBalances;
    trustEntries: TrustEntries;
    trustReconciliations: TrustReconciliations;
    trustTransactions: TrustTransactions;
    userPermissions: UserPermissions;
    users: Users;
    userSessions: UserSessions;
}
export declare interface DeadlinePreview {
    ruleId: string;
    name: string;
    dueOn: string;
}
export declare type DeadlineRule = Selectable<DeadlineRules>;
export declare type DeadlineRuleInput = z.input<typeof ruleSchema>;
declare interface DeadlineRules {
    createdAt: Generated<Timestamp>;
    dayKind: Generated<string>;
    direction: Generated<string>;
    id: Generated<string>;
    name: string;
    offsetDays: number;
    roll: Generated<string>;
    ruleSetId: string;
    serviceDays: Generated<Json>;
    sortOrder: Generated<number>;
    taskKind: Generated<string>;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare type DeadlineRuleSet = Selectable<DeadlineRuleSets> & {
    rules: DeadlineRule[];
};
export declare type DeadlineRuleSetInput = z.input<typeof ruleSetSchema>;
declare interface DeadlineRuleSets {
    createdAt: Generated<Timestamp>;
    createdBy: Generated<string | null>;
    description: string | null;
    id: Generated<string>;
    jurisdiction: string;
    name: string;
    tenantId: Generated<string>;
    triggerEvent: string;
    updatedAt: Generated<Timestamp>;
}
export declare type DeadlinesRepository = ReturnType<typeof deadlinesRepository>;
declare function deadlinesRepository(ctx: RepositoryContext): {
    addHolidays(input: CourtHolidaysInput): Promise<{
        added: number;
    }>;
    holidays(jurisdiction: string): Promise<CourtHoliday[]>;
    createRuleSet(input: DeadlineRuleSetInput): Promise<DeadlineRuleSet>;
    findRuleSet: (id: string) => Promise<DeadlineRuleSet | undefined>;
    getRuleSet(id: string): Promise<DeadlineRuleSet>;
    listRuleSets(jurisdiction?: string): Promise<Selectable<DeadlineRuleSets>[]>;
    compute(ruleSetId: string, input: ComputeDeadlinesInput): Promise<DeadlinePreview[]>;
    apply(caseId: string, input: ApplyDeadlinesInput): Promise<{
        set: CaseDeadlineSet;
        deadlines: CaseDeadline[];
    }>;
    changeTrigger(deadlineSetId: string, input: ChangeTriggerInput): Promise<CaseDeadline[]>;
    override(deadlineId: string, input: OverrideDeadlineInput): Promise<CaseDeadline>;
    clearOverride(deadlineId: string): Promise<void>;
    list(caseId: string): Promise<CaseDeadline[]>;
};
export declare class DeadlockError extends LegalError {
    readonly name = "DeadlockError";
    constructor(options?: ErrorOptions);
}
export declare type DecideInput = z.input<typeof decideSchema>;
declare const decideSchema: z.ZodObject<{
    decision: z.ZodEnum<{
        cleared: "cleared";
        waived: "waived";
        declined: "declined";
    }>;
    reason: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare class DecryptionError extends LegalError {
    readonly field: string;
    readonly keyId: string | undefined;
    readonly name = "DecryptionError";
    constructor(field: string, keyId: string | undefined, options?: ErrorOptions);
}
export declare const DEFAULT_ROLE_PERMISSIONS: Readonly<Record<string, readonly PermissionCode[]>>;
declare interface DefaultRolePermissions {
    permissionCode: string;
    roleName: string;
}
declare interface DefaultRoles {
    description: string;
    name: string;
    sortOrder: number;
}
declare const depositSchema: z.ZodObject<{
    payee: z.ZodOptional<z.ZodString>;
    accountId: z.ZodUUID;
    clientId: z.ZodUUID;
    caseId: z.ZodOptional<z.ZodUUID>;
    amount: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
    occurredOn: z.ZodOptional<z.ZodISODate>;
    description: z.ZodString;
    reference: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type DerivedDocumentInput = z.input<typeof derivedSchema>;
declare const derivedSchema: z.ZodObject<{
    kind: z.ZodEnum<{
        other: "other";
        ocr: "ocr";
        conversion: "conversion";
        redaction: "redaction";
        extract: "extract";
    }>;
    fileName: z.ZodString;
    mimeType: z.ZodOptional<z.ZodString>;
    fileSize: z.ZodNumber;
    contentHash: z.ZodOptional<z.ZodString>;
    extractedText: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
declare const disbursementSchema: z.ZodObject<{
    payee: z.ZodString;
    accountId: z.ZodUUID;
    clientId: z.ZodUUID;
    caseId: z.ZodOptional<z.ZodUUID>;
    amount: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
    occurredOn: z.ZodOptional<z.ZodISODate>;
    description: z.ZodString;
    reference: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type Document = Omit<Selectable<Documents>, 'searchVector' | 'extractedText' | 'aclRead' | 'aclWrite' | 'aclDelete'>;
declare interface DocumentCategories {
    createdAt: Generated<Timestamp>;
    description: string | null;
    id: Generated<string>;
    isDefault: Generated<boolean>;
    name: string;
    parentId: string | null;
    tenantId: Generated<string>;
}
export declare type DocumentCategory = Selectable<DocumentCategories>;
export declare type DocumentChunk = Omit<Selectable<DocumentChunks>, 'caseId' | 'aclRead' | 'aclWrite'>;
declare interface DocumentChunks {
    aclRead: string[] | null;
    aclWrite: string[] | null;
    caseId: string | null;
    chunkIndex: number;
    createdAt: Generated<Timestamp>;
    documentId: string;
    embedding: number[] | null;
    embeddingModel: string | null;
    endChar: number;
    id: Generated<string>;
    startChar: number;
    tenantId: Generated<string>;
    text: string;
}
export declare type DocumentPermission = Selectable<DocumentPermissions>;
declare interface DocumentPermissions {
    caseId: string | null;
    createdAt: Generated<Timestamp>;
    documentId: string;
    grantedBy: string | null;
    id: Generated<string>;
    permissionType: string;
    roleId: string | null;
    tenantId: Generated<string>;
    userId: string | null;
}
declare interface Documents {
    aclDelete: string[] | null;
    aclRead: string[] | null;
    aclWrite: string[] | null;
    caseId: string | null;
    categoryId: string | null;
    clientId: string | null;
    contentHash: string | null;
    createdAt: Generated<Timestamp>;
    currentVersion: Generated<number>;
    deletedAt: Timestamp | null;
    deletedBy: string | null;
    derivationKind: string | null;
    derivedFrom: string | null;
    extractedText: string | null;
    fileName: string;
    fileSize: Int8;
    fileType: string | null;
    id: Generated<string>;
    isDerived: Generated<boolean>;
    legalHold: Generated<boolean>;
    legalHoldReason: string | null;
    legalHoldSetAt: Timestamp | null;
    legalHoldSetBy: string | null;
    logicalPath: string;
    metadata: Generated<Json>;
    mimeType: string | null;
    mission: string | null;
    project: string | null;
    searchVector: Generated<string | null>;
    storageKey: string;
    tenantId: Generated<string>;
    title: string | null;
    totalChunks: Generated<number>;
    updatedAt: Generated<Timestamp>;
    uploadedBy: string | null;
    uploadStatus: Generated<string>;
    versionId: string | null;
}
export declare interface DocumentSearchHit {
    document: Document;
    rank: number;
    headline: string;
}
export declare type DocumentsRepository = ReturnType<typeof documentsRepository>;
declare function documentsRepository(ctx: RepositoryContext): {
    register(input: RegisterDocumentInput): Promise<Document>;
    markUploading: (id: string) => Promise<Document>;
    completeUpload(id: string, input: z.input<typeof completeUploadSchema>): Promise<Document>;
    failUpload: (id: string) => Promise<Document>;
    find: (id: string) => Promise<Document | undefined>;
    get: (id: string) => Promise<Document>;
    list(input?: ListDocumentsInput): Promise<Page<Document>>;
    addVersion(id: string, input: NewVersionInput): Promise<Document>;
    versions(id: string): Promise<DocumentVersion[]>;
    findByHash(caseId: string, contentHash: string): Promise<Document[]>;
    addDerived(sourceId: string, input: DerivedDocumentInput): Promise<Document>;
    derivatives(sourceId: string): Promise<Document[]>;
    setExtractedText(id: string, text: string): Promise<Document>;
    search(query: string, options?: {
        caseId?: string;
        limit?: number;
    }): Promise<DocumentSearchHit[]>;
    searchFileNames(query: string, options?: {
        caseId?: string;
        limit?: number;
    }): Promise<FileNameHit[]>;
    placeHold(id: string, reason: string): Promise<Document>;
    releaseHold(id: string): Promise<Document>;
    delete(id: string): Promise<Document>;
    restore(id: string): Promise<Document>;
    purge(id: string): Promise<void>;
    markViewed(id: string): Promise<void>;
    markDownloaded(id: string): Promise<void>;
    createCategory(input: CategoryInput): Promise<DocumentCategory>;
    categories(): Promise<DocumentCategory[]>;
    grant(input: GrantInput): Promise<DocumentPermission>;
    revoke(permissionId: string): Promise<boolean>;
    permissions(documentId: string): Promise<DocumentPermission[]>;
};
export declare type DocumentVersion = Omit<Selectable<DocumentVersions>, 'caseId' | 'aclRead' | 'aclWrite'>;
declare interface DocumentVersions {
    aclRead: string[] | null;
    aclWrite: string[] | null;
    caseId: string | null;
    comment: string | null;
    contentHash: string | null;
    createdAt: Generated<Timestamp>;
    documentId: string;
    fileSize: Int8;
    id: Generated<string>;
    mimeType: string | null;
    storageKey: string;
    tenantId: Generated<string>;
    uploadedBy: string | null;
    versionId: string | null;
    versionNumber: number;
}
export declare class EncryptionNotConfiguredError extends LegalError {
    readonly field: string;
    readonly name = "EncryptionNotConfiguredError";
    constructor(field: string);
}
export declare interface EncryptionOptions {
    keys: Readonly<Record<string, string | Uint8Array>>;
    activeKeyId: string;
    blindIndexKey: string | Uint8Array;
}
export declare type EraseClientInput = z.input<typeof eraseClientSchema>;
declare const eraseClientSchema: z.ZodObject<{
    clientId: z.ZodUUID;
    reason: z.ZodString;
}, z.core.$strict>;
export declare type ErasureRefusal = 'legal_hold' | 'open_matter' | 'trust_balance' | 'retention' | 'erased';
export declare class ErasureRefusedError extends LegalError {
    readonly reason: ErasureRefusal;
    readonly until?: string | undefined;
    readonly name = "ErasureRefusedError";
    constructor(reason: ErasureRefusal, message: string, until?: string | undefined, options?: ErrorOptions);
}
export declare interface EthicalWall {
    id: string;
    caseId: string;
    userId: string;
    reason: string;
    createdBy: string | null;
    createdAt: Date;
}
declare interface EthicalWalls {
    caseId: string;
    createdAt: Generated<Timestamp>;
    createdBy: string | null;
    id: Generated<string>;
    reason: string;
    tenantId: Generated<string>;
    userId: string;
}
export declare type Expense = Selectable<Expenses>;
declare interface Expenses {
    amount: Numeric;
    billable: Generated<boolean>;
    caseId: string;
    category: Generated<string>;
    createdAt: Generated<Timestamp>;
    currency: Generated<string>;
    description: string;
    id: Generated<string>;
    incurredOn: Generated<string>;
    invoiceId: string | null;
    receiptDocumentId: string | null;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
    userId: string;
    utbmsExpenseCode: string | null;
}
export declare type ExpensesRepository = ReturnType<typeof expensesRepository>;
declare function expensesRepository(ctx: RepositoryContext): {
    create(input: CreateExpenseInput): Promise<Expense>;
    find: (id: string) => Promise<Expense | undefined>;
    get(id: string): Promise<Expense>;
    list(input?: ListExpensesInput): Promise<Page<Expense>>;
};
declare interface FieldAddress {
    tenantId: string;
    field: string;
    rowId: string;
}
declare interface FieldCipher {
    readonly activeKeyId: string;
    encrypt(plaintext: string, at: FieldAddress): Buffer;
    decrypt(ciphertext: Uint8Array, at: FieldAddress): string;
    keyIdOf(ciphertext: Uint8Array): string | undefined;
    blindIndex(value: string, tenantId: string, field: string): string;
}
export declare interface FieldIssue {
    path: string;
    message: string;
}
export declare interface FileNameHit {
    document: Document;
    similarity: number;
}
export declare class ForbiddenError extends LegalError {
    readonly permission?: string | undefined;
    readonly name: string;
    constructor(message: string, permission?: string | undefined, options?: ErrorOptions);
}
export declare class ForeignKeyError extends LegalError {
    readonly constraint: string | undefined;
    readonly name = "ForeignKeyError";
    constructor(constraint: string | undefined, options?: ErrorOptions);
}
declare type Generated<T> = T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<T, T | undefined, T>;
export declare type GrantInput = z.input<typeof grantSchema>;
export declare interface Grants {
    readonly role: string;
    readonly roleId: string;
    readonly perms: string;
    readonly cases: string;
    readonly walls: string;
    readonly epoch: string;
    readonly until?: string | null;
}
declare class GrantsCache {
    private readonly capacity;
    private readonly trustMs;
    private readonly entries;
    private readonly stored;
    constructor(capacity?: number, trustMs?: number);
    static key(tenantId: string, userId: string, scopes: readonly string[] | undefined): string;
    get(key: string): Grants | undefined;
    trusted(grants: Grants, now?: number): boolean;
    forgetFirm(tenantId: string): void;
    set(key: string, grants: Grants): void;
    delete(key: string): void;
}
declare const grantSchema$1: z.ZodObject<{
    userId: z.ZodUUID;
    permission: z.ZodString;
    expiresAt: z.ZodOptional<z.ZodISODateTime>;
}, z.core.$strict>;
declare const grantSchema: z.ZodObject<{
    documentId: z.ZodUUID;
    userId: z.ZodOptional<z.ZodUUID>;
    roleId: z.ZodOptional<z.ZodUUID>;
    permission: z.ZodEnum<{
        read: "read";
        write: "write";
        delete: "delete";
    }>;
}, z.core.$strict>;
declare const holidaysSchema: z.ZodObject<{
    jurisdiction: z.ZodString;
    days: z.ZodArray<z.ZodObject<{
        day: z.ZodISODate;
        name: z.ZodString;
    }, z.core.$strict>>;
}, z.core.$strict>;
declare const importStatementSchema: z.ZodObject<{
    accountId: z.ZodUUID;
    lines: z.ZodArray<z.ZodObject<{
        postedOn: z.ZodISODate;
        amount: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
        description: z.ZodOptional<z.ZodString>;
        bankReference: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export declare type InsertChunksInput = z.input<typeof insertChunksSchema>;
declare const insertChunksSchema: z.ZodObject<{
    documentId: z.ZodUUID;
    model: z.ZodOptional<z.ZodString>;
    chunks: z.ZodArray<z.ZodObject<{
        text: z.ZodString;
        startChar: z.ZodNumber;
        endChar: z.ZodNumber;
        embedding: z.ZodOptional<z.ZodArray<z.ZodNumber>>;
    }, z.core.$strict>>;
}, z.core.$strict>;
declare type Int8 = ColumnType<string, bigint | number | string, bigint | number | string>;
export declare class InvalidTransitionError extends LegalError {
    readonly from: string;
    readonly to: string;
    readonly allowed: readonly string[];
    readonly name = "InvalidTransitionError";
    readonly entity: string;
    constructor(from: string, to: string, allowed: readonly string[], options?: ErrorOptions & {
        entity?: string;
    });
}
export declare type Invoice = Selectable<Invoices>;
export declare type InvoiceLine = Selectable<InvoiceLineItems>;
export declare type InvoiceLineInput = z.input<typeof lineSchema>;
declare interface InvoiceLineItems {
    amount: Generated<Numeric | null>;
    caseId: string | null;
    createdAt: Generated<Timestamp>;
    currency: Generated<string>;
    description: string;
    expenseId: string | null;
    id: Generated<string>;
    invoiceId: string;
    lineNumber: number;
    quantity: Generated<Numeric>;
    tenantId: Generated<string>;
    timeEntryId: string | null;
    unitPrice: Numeric;
}
declare interface Invoices {
    amountPaid: Generated<Numeric>;
    caseId: string | null;
    clientId: string;
    createdAt: Generated<Timestamp>;
    createdBy: string | null;
    currency: Generated<string>;
    dueDate: string | null;
    id: Generated<string>;
    invoiceNumber: string | null;
    invoiceSeq: number | null;
    issueDate: string | null;
    notes: string | null;
    paidAt: Timestamp | null;
    sentAt: Timestamp | null;
    status: Generated<string>;
    subtotal: Generated<Numeric>;
    tax: Generated<Numeric>;
    taxRate: Generated<Numeric>;
    tenantId: Generated<string>;
    total: Generated<Numeric>;
    updatedAt: Generated<Timestamp>;
    voidedAt: Timestamp | null;
}
export declare type InvoicesRepository = ReturnType<typeof invoicesRepository>;
declare function invoicesRepository(ctx: RepositoryContext): {
    create(input: CreateInvoiceInput): Promise<Invoice>;
    find: (id: string) => Promise<Invoice | undefined>;
    get: (id: string) => Promise<Invoice>;
    addLines(id: string, lines: InvoiceLineInput[]): Promise<Invoice>;
    exportLedes: (id: string, options: LedesExportOptions) => Promise<string>;
    utbmsCodes: () => Promise<UtbmsCode[]>;
    lines(id: string): Promise<InvoiceLine[]>;
    send(id: string, options?: {
        issueDate?: string;
        dueDate?: string;
    }): Promise<Invoice>;
    recordPayment(id: string, payment: {
        amount: string | number;
        paidOn?: string;
    }): Promise<Invoice>;
    void(id: string, reason: string): Promise<Invoice>;
    list(input?: ListInvoicesInput): Promise<Page<Invoice>>;
};
declare type Json = JsonValue;
declare type JsonArray = JsonValue[];
declare type JsonObject = {
    [x: string]: JsonValue | undefined;
};
declare type JsonPrimitive = boolean | number | string | null;
declare type JsonValue = JsonArray | JsonObject | JsonPrimitive;
export declare const LEDES_1998B_FIELDS: readonly ["INVOICE_DATE", "INVOICE_NUMBER", "CLIENT_ID", "LAW_FIRM_MATTER_ID", "INVOICE_TOTAL", "BILLING_START_DATE", "BILLING_END_DATE", "INVOICE_DESCRIPTION", "LINE_ITEM_NUMBER", "EXP/FEE/INV_ADJ_TYPE", "LINE_ITEM_NUMBER_OF_UNITS", "LINE_ITEM_ADJUSTMENT_AMOUNT", "LINE_ITEM_TOTAL", "LINE_ITEM_DATE", "LINE_ITEM_TASK_CODE", "LINE_ITEM_EXPENSE_CODE", "LINE_ITEM_ACTIVITY_CODE", "TIMEKEEPER_ID", "LINE_ITEM_DESCRIPTION", "LAW_FIRM_ID", "LINE_ITEM_UNIT_COST", "TIMEKEEPER_NAME", "TIMEKEEPER_CLASSIFICATION", "CLIENT_MATTER_ID"];
export declare const LEDES_TIMEKEEPER_CLASSES: readonly ["PT", "AS", "OC", "LA", "OT"];
export declare type LedesExportOptions = z.input<typeof ledesOptionsSchema>;
export declare type LedesField = (typeof LEDES_1998B_FIELDS)[number];
export declare interface LedesIssue {
    line: number;
    field: LedesField | 'FILE';
    message: string;
}
declare const ledesOptionsSchema: z.ZodObject<{
    lawFirmId: z.ZodString;
    clientId: z.ZodOptional<z.ZodString>;
    clientMatterId: z.ZodOptional<z.ZodString>;
    invoiceDescription: z.ZodOptional<z.ZodString>;
    billingStart: z.ZodOptional<z.ZodISODate>;
    billingEnd: z.ZodOptional<z.ZodISODate>;
    timekeepers: z.ZodDefault<z.ZodRecord<z.ZodUUID, z.ZodObject<{
        id: z.ZodOptional<z.ZodString>;
        name: z.ZodOptional<z.ZodString>;
        classification: z.ZodEnum<{
            PT: "PT";
            AS: "AS";
            OC: "OC";
            LA: "LA";
            OT: "OT";
        }>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export declare type LedesTimekeeperClass = (typeof LEDES_TIMEKEEPER_CLASSES)[number];
declare const ledgerSchema: z.ZodObject<{
    accountId: z.ZodUUID;
    clientId: z.ZodUUID;
    caseId: z.ZodOptional<z.ZodUUID>;
    until: z.ZodOptional<z.ZodISODate>;
}, z.core.$strict>;
export declare interface LegalDb extends AsyncDisposable {
    withTenant<T>(context: TenantContext, fn: (scope: TenantScope) => Promise<T>, options?: TransactionOptions): Promise<T>;
    asSystem<T>(context: SystemContext, fn: (scope: SystemScope) => Promise<T>, options?: TransactionOptions): Promise<T>;
    readonly auth: Auth;
    rotateKeys(options?: RotateKeysOptions): Promise<RotateKeysResult>;
    close(): Promise<void>;
}
export declare class LegalError extends Error {
    readonly code: LegalErrorCode;
    readonly name: string;
    constructor(code: LegalErrorCode, message: string, options?: ErrorOptions);
}
export declare type LegalErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FOREIGN_KEY' | 'CHECK_VIOLATION' | 'FORBIDDEN' | 'INVALID_TRANSITION' | 'TENANT_CONTEXT' | 'TENANT_SUSPENDED' | 'SERIALIZATION' | 'DEADLOCK' | 'STATEMENT_TIMEOUT' | 'LOCK_TIMEOUT' | 'CONNECTION_LOST' | 'SCOPE_CLOSED' | 'TRANSACTION_ABORTED' | 'UNAWAITED_WORK' | 'UNSUPPORTED_STATEMENT' | 'DATABASE_UNAVAILABLE' | 'DECRYPTION' | 'ENCRYPTION_NOT_CONFIGURED' | 'ERASURE_REFUSED' | 'DATABASE_ERROR';
export declare class LegalHoldError extends ForbiddenError {
    readonly name = "LegalHoldError";
    constructor(options?: ErrorOptions);
}
export declare interface LegalLogger {
    debug?(message: string, fields?: Record<string, unknown>): void;
    warn?(message: string, fields?: Record<string, unknown>): void;
    error?(message: string, fields?: Record<string, unknown>): void;
}
declare const lineSchema: z.ZodObject<{
    description: z.ZodString;
    quantity: z.ZodDefault<z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>>;
    unitPrice: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
    timeEntryId: z.ZodOptional<z.ZodUUID>;
    expenseId: z.ZodOptional<z.ZodUUID>;
}, z.core.$strict>;
declare type ListAuditInput = z.input<typeof listAuditSchema>;
declare const listAuditSchema: z.ZodObject<{
    from: z.ZodISODateTime;
    to: z.ZodISODateTime;
    caseId: z.ZodOptional<z.ZodUUID>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListCasesInput = z.input<typeof listCasesSchema>;
declare const listCasesSchema: z.ZodObject<{
    status: z.ZodOptional<z.ZodArray<z.ZodEnum<{
        in_progress: "in_progress";
        archived: "archived";
        new: "new";
        pending_review: "pending_review";
        assigned: "assigned";
        pending_completion: "pending_completion";
        completed: "completed";
        on_hold: "on_hold";
    }>>>;
    caseType: z.ZodOptional<z.ZodArray<z.ZodEnum<{
        custom: "custom";
        litigation: "litigation";
        transactional: "transactional";
        estate: "estate";
        corporate: "corporate";
        real_estate: "real_estate";
        criminal: "criminal";
        family: "family";
    }>>>;
    assignedTo: z.ZodOptional<z.ZodUUID>;
    clientId: z.ZodOptional<z.ZodUUID>;
    tags: z.ZodOptional<z.ZodArray<z.ZodString>>;
    pinned: z.ZodOptional<z.ZodBoolean>;
    createdFrom: z.ZodOptional<z.ZodUnion<[z.ZodISODateTime, z.ZodISODate]>>;
    createdTo: z.ZodOptional<z.ZodUnion<[z.ZodISODateTime, z.ZodISODate]>>;
    sort: z.ZodDefault<z.ZodEnum<{
        createdAt: "createdAt";
        lastAccessed: "lastAccessed";
    }>>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListChecksInput = z.input<typeof listChecksSchema>;
declare const listChecksSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    decision: z.ZodOptional<z.ZodEnum<{
        pending: "pending";
        cleared: "cleared";
        waived: "waived";
        declined: "declined";
    }>>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListClientsInput = z.input<typeof listClientsSchema>;
declare const listClientsSchema: z.ZodObject<{
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListCommunicationsInput = z.input<typeof listCommunicationsSchema>;
declare const listCommunicationsSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    clientId: z.ZodOptional<z.ZodUUID>;
    kind: z.ZodOptional<z.ZodEnum<{
        email: "email";
        phone: "phone";
        meeting: "meeting";
        letter: "letter";
    }>>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListConversationsInput = z.input<typeof listConversationsSchema>;
declare const listConversationsSchema: z.ZodObject<{
    clientId: z.ZodOptional<z.ZodUUID>;
    caseId: z.ZodOptional<z.ZodUUID>;
    archived: z.ZodDefault<z.ZodBoolean>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListDocumentsInput = z.input<typeof listDocumentsSchema>;
declare const listDocumentsSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    clientId: z.ZodOptional<z.ZodUUID>;
    categoryId: z.ZodOptional<z.ZodUUID>;
    uploadStatus: z.ZodOptional<z.ZodEnum<{
        completed: "completed";
        pending: "pending";
        uploading: "uploading";
        failed: "failed";
    }>>;
    deleted: z.ZodDefault<z.ZodBoolean>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListExpensesInput = ListTimeInput;
export declare type ListInvoicesInput = z.input<typeof listInvoicesSchema>;
declare const listInvoicesSchema: z.ZodObject<{
    clientId: z.ZodOptional<z.ZodUUID>;
    caseId: z.ZodOptional<z.ZodUUID>;
    status: z.ZodOptional<z.ZodArray<z.ZodEnum<{
        void: "void";
        draft: "draft";
        sent: "sent";
        paid: "paid";
    }>>>;
    overdue: z.ZodOptional<z.ZodBoolean>;
    asOf: z.ZodOptional<z.ZodISODate>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListQueriesInput = z.input<typeof listQueriesSchema>;
declare const listQueriesSchema: z.ZodObject<{
    userId: z.ZodOptional<z.ZodUUID>;
    caseId: z.ZodOptional<z.ZodUUID>;
    from: z.ZodOptional<z.ZodISODate>;
    to: z.ZodOptional<z.ZodISODate>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListTasksInput = z.input<typeof listTasksSchema>;
declare const listTasksSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    assignedTo: z.ZodOptional<z.ZodUUID>;
    status: z.ZodOptional<z.ZodArray<z.ZodEnum<{
        done: "done";
        todo: "todo";
        in_progress: "in_progress";
        blocked: "blocked";
        cancelled: "cancelled";
    }>>>;
    kind: z.ZodOptional<z.ZodArray<z.ZodEnum<{
        task: "task";
        deadline: "deadline";
        court_date: "court_date";
        statute_of_limitations: "statute_of_limitations";
    }>>>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListTimeInput = z.input<typeof listTimeSchema>;
declare const listTimeSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    userId: z.ZodOptional<z.ZodUUID>;
    from: z.ZodOptional<z.ZodISODate>;
    to: z.ZodOptional<z.ZodISODate>;
    unbilled: z.ZodOptional<z.ZodBoolean>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
declare const listTransactionsSchema: z.ZodObject<{
    accountId: z.ZodUUID;
    clientId: z.ZodOptional<z.ZodUUID>;
    from: z.ZodOptional<z.ZodISODate>;
    until: z.ZodOptional<z.ZodISODate>;
    limit: z.ZodDefault<z.ZodDefault<z.ZodNumber>>;
}, z.core.$strict>;
export declare type ListTrustTransactionsInput = z.input<typeof listTransactionsSchema>;
export declare type ListUsersInput = z.input<typeof listUsersSchema>;
declare const listUsersSchema: z.ZodObject<{
    active: z.ZodOptional<z.ZodBoolean>;
    role: z.ZodOptional<z.ZodString>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type ListWallsInput = z.input<typeof listWallsSchema>;
declare const listWallsSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    userId: z.ZodOptional<z.ZodUUID>;
}, z.core.$strict>;
export declare class LockTimeoutError extends LegalError {
    readonly name = "LockTimeoutError";
    constructor(options?: ErrorOptions);
}
export declare type LoginInput = z.input<typeof loginSchema>;
export declare interface LoginResult {
    token: string;
    context: TenantContext;
    user: User;
}
declare const loginSchema: z.ZodObject<{
    tenantSlug: z.ZodString;
    email: z.ZodEmail;
    password: z.ZodString;
    ip: z.ZodOptional<z.ZodUnion<readonly [z.ZodIPv4, z.ZodIPv6]>>;
    userAgent: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type MessageInput = z.input<typeof messageSchema>;
declare const messageSchema: z.ZodObject<{
    role: z.ZodEnum<{
        user: "user";
        assistant: "assistant";
        system: "system";
    }>;
    content: z.ZodString;
    metadata: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strict>;
declare type MonthInput = z.input<typeof monthSchema>;
declare type MonthlyByCaseInput = z.input<typeof monthlyByCaseSchema>;
declare const monthlyByCaseSchema: z.ZodObject<{
    year: z.ZodNumber;
    month: z.ZodNumber;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
declare interface MonthlyCaseLine {
    caseId: string;
    timeAmount: string;
    expenseAmount: string;
    billed: string;
}
export declare interface MonthlyFinancialReport {
    month: string;
    billed: string;
    collected: string;
    outstanding: string;
    byLawyer: {
        userId: string;
        minutes: number;
        billableMinutes: number;
        billableAmount: string;
    }[];
}
declare const monthSchema: z.ZodObject<{
    year: z.ZodNumber;
    month: z.ZodNumber;
}, z.core.$strict>;
export declare type NewVersionInput = z.input<typeof newVersionSchema>;
declare const newVersionSchema: z.ZodObject<{
    fileSize: z.ZodNumber;
    contentHash: z.ZodString;
    mimeType: z.ZodOptional<z.ZodString>;
    comment: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare class NotFoundError extends LegalError {
    readonly entity: string;
    readonly key: string;
    readonly name = "NotFoundError";
    constructor(entity: string, key: string, options?: ErrorOptions);
}
declare type Numeric = ColumnType<string, number | string, number | string>;
export declare type OtherNameInput = z.input<typeof otherNameSchema>;
declare const otherNameSchema: z.ZodObject<{
    name: z.ZodString;
    kind: z.ZodDefault<z.ZodEnum<{
        alias: "alias";
        former_name: "former_name";
        trade_name: "trade_name";
        maiden_name: "maiden_name";
        abbreviation: "abbreviation";
    }>>;
}, z.core.$strict>;
export declare type OverrideDeadlineInput = z.input<typeof overrideSchema>;
declare const overrideSchema: z.ZodObject<{
    dueOn: z.ZodISODate;
    reason: z.ZodString;
}, z.core.$strict>;
export declare interface Page<T> {
    items: T[];
    nextCursor: string | undefined;
}
declare interface Parties {
    clientId: string | null;
    createdAt: Generated<Timestamp>;
    createdBy: Generated<string | null>;
    id: Generated<string>;
    kind: Generated<string>;
    name: string;
    nameSound: Generated<string | null>;
    normalizedName: Generated<string | null>;
    notes: string | null;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare type Party = Omit<Selectable<Parties>, 'nameSound'>;
export declare type PartyAffiliation = Selectable<PartyAffiliations>;
declare interface PartyAffiliations {
    affiliateId: string;
    createdAt: Generated<Timestamp>;
    id: Generated<string>;
    partyId: string;
    relation: string;
    tenantId: Generated<string>;
}
export declare type PartyInput = z.input<typeof partySchema>;
export declare type PartyName = Omit<Selectable<PartyNames>, 'nameSound'>;
declare interface PartyNames {
    createdAt: Generated<Timestamp>;
    id: Generated<string>;
    name: string;
    nameKind: Generated<string>;
    nameSound: Generated<string | null>;
    normalizedName: Generated<string | null>;
    partyId: string;
    tenantId: Generated<string>;
}
declare const partySchema: z.ZodObject<{
    partyRole: z.ZodEnum<{
        client: "client";
        opposing_party: "opposing_party";
        opposing_counsel: "opposing_counsel";
        co_counsel: "co_counsel";
        related_party: "related_party";
        witness: "witness";
        judge: "judge";
        expert: "expert";
        other: "other";
    }>;
    name: z.ZodString;
    clientId: z.ZodOptional<z.ZodUUID>;
    partyId: z.ZodOptional<z.ZodUUID>;
    organization: z.ZodOptional<z.ZodString>;
    email: z.ZodOptional<z.ZodEmail>;
    phone: z.ZodOptional<z.ZodString>;
    notes: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
declare interface PasswordResetTokens {
    createdAt: Generated<Timestamp>;
    expiresAt: Generated<Timestamp>;
    id: Generated<string>;
    requestedIp: string | null;
    tenantId: Generated<string>;
    tokenHash: string;
    usedAt: Timestamp | null;
    userId: string;
}
export declare type PermissionCode = 'access.review' | 'ai.query' | 'audit.read' | 'billing.manage' | 'billing.read' | 'cases.archive' | 'cases.assign' | 'cases.create' | 'cases.delete' | 'cases.read_all' | 'cases.read_assigned' | 'cases.review' | 'cases.submit' | 'cases.transition' | 'cases.update' | 'clients.manage' | 'clients.read' | 'communications.manage' | 'communications.read' | 'conflicts.check' | 'conflicts.decide' | 'deadlines.manage' | 'documents.delete' | 'documents.legal_hold' | 'documents.manage_permissions' | 'documents.read' | 'documents.upload' | 'privacy.manage' | 'reports.read' | 'roles.manage' | 'tasks.manage' | 'templates.manage' | 'tenant.manage' | 'time.record' | 'trust.manage' | 'trust.read' | 'trust.reconcile' | 'users.manage' | 'users.read' | 'walls.manage';
export declare interface PermissionGrant {
    userId: string;
    permission: PermissionCode;
    grantedBy: string | null;
    grantedAt: Date;
    expiresAt: Date | null;
}
export declare type PermissionGrantInput = z.input<typeof grantSchema$1>;
export declare const PERMISSIONS: readonly {
    readonly code: PermissionCode;
    readonly description: string;
}[];
declare interface Permissions {
    code: string;
    description: string;
}
declare class PreparedStatements {
    private readonly capacity;
    private readonly names;
    private readonly ready;
    constructor(capacity?: number);
    nameFor(text: string): string;
    isReady(name: string): boolean;
    markReady(name: string): void;
}
declare interface PrivacyKeys {
    clientId: string;
    createdAt: Generated<Timestamp>;
    erasedAt: Timestamp | null;
    erasedBy: string | null;
    erasureReason: string | null;
    keySecret: Buffer | null;
    tenantId: Generated<string>;
}
export declare type PrivacyRepository = ReturnType<typeof privacyRepository>;
declare function privacyRepository(ctx: RepositoryContext): {
    exportClient(clientId: string): Promise<ClientExport>;
    eraseClient(input: EraseClientInput): Promise<ClientErasure>;
};
declare const reconcileSchema: z.ZodObject<{
    accountId: z.ZodUUID;
    periodEnd: z.ZodISODate;
    statementBalance: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
    notes: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type RecordQueryInput = z.input<typeof recordQuerySchema>;
declare const recordQuerySchema: z.ZodObject<{
    queryText: z.ZodString;
    conversationId: z.ZodOptional<z.ZodUUID>;
    caseId: z.ZodOptional<z.ZodUUID>;
    retrievedDocuments: z.ZodDefault<z.ZodArray<z.ZodObject<{
        documentId: z.ZodUUID;
        chunkId: z.ZodOptional<z.ZodUUID>;
        score: z.ZodNumber;
    }, z.core.$strict>>>;
    answer: z.ZodOptional<z.ZodString>;
    confidenceScore: z.ZodOptional<z.ZodNumber>;
    refusalReason: z.ZodOptional<z.ZodString>;
    sources: z.ZodDefault<z.ZodArray<z.ZodObject<{
        documentId: z.ZodUUID;
        page: z.ZodOptional<z.ZodNumber>;
        quote: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
    responseTimeMs: z.ZodNumber;
    model: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type RegisterDocumentInput = z.input<typeof registerDocumentSchema>;
declare const registerDocumentSchema: z.ZodObject<{
    caseId: z.ZodOptional<z.ZodUUID>;
    clientId: z.ZodOptional<z.ZodUUID>;
    categoryId: z.ZodOptional<z.ZodUUID>;
    logicalPath: z.ZodString;
    fileName: z.ZodString;
    title: z.ZodOptional<z.ZodString>;
    mimeType: z.ZodOptional<z.ZodString>;
    fileSize: z.ZodNumber;
    contentHash: z.ZodOptional<z.ZodString>;
    metadata: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strict>;
export declare type ReportsRepository = ReturnType<typeof reportsRepository>;
declare function reportsRepository(ctx: RepositoryContext): {
    monthly(input: MonthInput): Promise<MonthlyFinancialReport>;
    monthlyByCase(input: MonthlyByCaseInput): Promise<Page<MonthlyCaseLine>>;
};
declare interface RepositoryContext {
    readonly db: Kysely<DB>;
    readonly context: TenantContext;
    readonly access: UnitAccess;
    readonly passwordHashCost: number;
    readonly cipher: FieldCipher | undefined;
    readonly embeddingDimensions: Readonly<Record<string, number>>;
    readonly signer: ContextSigner;
}
declare const reversalSchema: z.ZodObject<{
    description: z.ZodString;
    occurredOn: z.ZodOptional<z.ZodISODate>;
}, z.core.$strict>;
export declare interface Role {
    id: string;
    name: string;
    description: string | null;
    isDefault: boolean;
    permissions: PermissionCode[];
}
declare interface RolePermissions {
    permissionCode: string;
    roleId: string;
    tenantId: Generated<string>;
}
declare interface Roles {
    createdAt: Generated<Timestamp>;
    description: string | null;
    id: Generated<string>;
    isDefault: Generated<boolean>;
    name: string;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare interface RolesRepository {
    hasPermission(code: string): Promise<boolean>;
}
export declare interface RotateKeysOptions {
    batchSize?: number;
}
export declare interface RotateKeysResult {
    clients: number;
    communications: number;
}
declare const ruleSchema: z.ZodObject<{
    name: z.ZodString;
    offsetDays: z.ZodNumber;
    dayKind: z.ZodDefault<z.ZodEnum<{
        court: "court";
        calendar: "calendar";
    }>>;
    direction: z.ZodDefault<z.ZodEnum<{
        after: "after";
        before: "before";
    }>>;
    roll: z.ZodDefault<z.ZodEnum<{
        none: "none";
        auto: "auto";
        forward: "forward";
        backward: "backward";
    }>>;
    serviceDays: z.ZodDefault<z.ZodRecord<z.ZodEnum<{
        other: "other";
        personal: "personal";
        electronic: "electronic";
        mail: "mail";
    }> & z.core.$partial, z.ZodNumber>>;
    taskKind: z.ZodDefault<z.ZodEnum<{
        deadline: "deadline";
        court_date: "court_date";
    }>>;
    sortOrder: z.ZodOptional<z.ZodNumber>;
}, z.core.$strict>;
declare const ruleSetSchema: z.ZodObject<{
    jurisdiction: z.ZodString;
    name: z.ZodString;
    triggerEvent: z.ZodString;
    description: z.ZodOptional<z.ZodString>;
    rules: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        offsetDays: z.ZodNumber;
        dayKind: z.ZodDefault<z.ZodEnum<{
            court: "court";
            calendar: "calendar";
        }>>;
        direction: z.ZodDefault<z.ZodEnum<{
            after: "after";
            before: "before";
        }>>;
        roll: z.ZodDefault<z.ZodEnum<{
            none: "none";
            auto: "auto";
            forward: "forward";
            backward: "backward";
        }>>;
        serviceDays: z.ZodDefault<z.ZodRecord<z.ZodEnum<{
            other: "other";
            personal: "personal";
            electronic: "electronic";
            mail: "mail";
        }> & z.core.$partial, z.ZodNumber>>;
        taskKind: z.ZodDefault<z.ZodEnum<{
            deadline: "deadline";
            court_date: "court_date";
        }>>;
        sortOrder: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export declare type RunCheckInput = z.input<typeof runCheckSchema>;
declare const runCheckSchema: z.ZodObject<{
    query: z.ZodString;
    caseId: z.ZodOptional<z.ZodUUID>;
    limit: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export declare class ScopeClosedError extends LegalError {
    readonly name = "ScopeClosedError";
    constructor();
}
declare interface SecurityEvents {
    details: Generated<Json>;
    email: string | null;
    eventType: string;
    id: Generated<string>;
    ip: string | null;
    occurredAt: Generated<Timestamp>;
    requestId: string | null;
    severity: Generated<string>;
    tenantId: Generated<string>;
    userAgent: string | null;
    userId: string | null;
}
export declare class SerializationError extends LegalError {
    readonly name = "SerializationError";
    constructor(message: string, options?: ErrorOptions);
}
export declare type Session = Omit<Selectable<UserSessions>, 'tokenHash'>;
export declare type SessionsRepository = ReturnType<typeof sessionsRepository>;
declare function sessionsRepository(ctx: RepositoryContext): {
    create(options?: {
        ttlSeconds?: number;
    }): Promise<{
        token: string;
        session: Session;
    }>;
    list(): Promise<Session[]>;
    revoke(id: string, reason?: string): Promise<void>;
};
declare type SetPasswordInput = z.input<typeof setPasswordSchema>;
declare const setPasswordSchema: z.ZodObject<{
    userId: z.ZodUUID;
    newPassword: z.ZodString;
}, z.core.$strict>;
declare interface SignInMisses {
    email: string | null;
    id: Generated<Int8>;
    ip: string | null;
    kind: string;
    occurredAt: Generated<Timestamp>;
    slug: string;
    userAgent: string | null;
}
declare interface Statement {
    readonly text: string;
    readonly values?: readonly unknown[];
    readonly prepare?: boolean;
    readonly columnName?: (column: string) => string;
}
declare interface StatementResult {
    readonly command: string;
    readonly rowCount: number | null;
    readonly rows: Record<string, unknown>[];
}
export declare class StatementTimeoutError extends LegalError {
    readonly name = "StatementTimeoutError";
    constructor(options?: ErrorOptions);
}
export declare type SystemContext = z.infer<typeof systemContextSchema>;
export declare const systemContextSchema: z.ZodObject<{
    reason: z.ZodString;
    requestId: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare interface SystemScope {
    readonly context: SystemContext;
    readonly db: Kysely<DB>;
    readonly tenants: TenantsRepository;
    savepoint<T>(fn: (scope: SystemScope) => Promise<T>): Promise<T>;
}
export declare type Task = Selectable<Tasks>;
declare interface Tasks {
    assignedTo: string | null;
    caseId: string | null;
    completedAt: Timestamp | null;
    court: string | null;
    createdAt: Generated<Timestamp>;
    createdBy: string | null;
    description: string | null;
    dueAt: Timestamp | null;
    id: Generated<string>;
    kind: Generated<string>;
    location: string | null;
    priority: Generated<string>;
    reminderAt: Timestamp | null;
    status: Generated<string>;
    tenantId: Generated<string>;
    title: string;
    updatedAt: Generated<Timestamp>;
}
export declare type TasksRepository = ReturnType<typeof tasksRepository>;
declare function tasksRepository(ctx: RepositoryContext): {
    create(input: CreateTaskInput): Promise<Task>;
    find: (id: string) => Promise<Task | undefined>;
    get(id: string): Promise<Task>;
    update: (id: string, patch: UpdateTaskInput) => Promise<Task>;
    complete(id: string): Promise<Task>;
    list(input?: ListTasksInput): Promise<Page<Task>>;
    dueWithin(days: number, filters?: {
        caseId?: string;
        assignedTo?: string;
    }): Promise<Task[]>;
    overdue(filters?: {
        caseId?: string;
        assignedTo?: string;
    }): Promise<Task[]>;
};
export declare type Template = Selectable<Templates>;
declare interface Templates {
    categoryId: string | null;
    createdAt: Generated<Timestamp>;
    createdBy: string | null;
    currentVersion: Generated<number>;
    description: string | null;
    id: Generated<string>;
    isActive: Generated<boolean>;
    name: string;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare type TemplatesRepository = ReturnType<typeof templatesRepository>;
declare function templatesRepository(ctx: RepositoryContext): {
    create(input: CreateTemplateInput): Promise<Template & {
        version: TemplateVersion;
    }>;
    find: (id: string) => Promise<Template | undefined>;
    get: (id: string) => Promise<Template>;
    list(): Promise<Template[]>;
    addVersion(id: string, input: TemplateVersionInput): Promise<TemplateVersion>;
    versions(id: string): Promise<TemplateVersion[]>;
    render(templateId: string, variables: Record<string, string | number | boolean>, options?: {
        version?: number;
    }): Promise<{
        text: string;
        templateId: string;
        version: number;
    }>;
};
export declare interface TemplateVariable {
    name: string;
    required: boolean;
    description?: string;
}
export declare type TemplateVersion = Omit<Selectable<TemplateVersions>, 'variables'> & {
    variables: TemplateVariable[];
};
export declare type TemplateVersionInput = z.input<typeof templateVersionSchema>;
declare interface TemplateVersions {
    body: string;
    createdAt: Generated<Timestamp>;
    createdBy: string | null;
    id: Generated<string>;
    templateId: string;
    tenantId: Generated<string>;
    variables: Generated<Json>;
    version: number;
}
declare const templateVersionSchema: z.ZodObject<{
    body: z.ZodString;
    variables: z.ZodDefault<z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        required: z.ZodDefault<z.ZodBoolean>;
        description: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
}, z.core.$strict>;
export declare type Tenant = Selectable<Tenants>;
declare const TENANT_REPOSITORIES: {
    readonly cases: typeof casesRepository;
    readonly clients: typeof clientsRepository;
    readonly users: typeof usersRepository;
    readonly sessions: typeof sessionsRepository;
    readonly accessTokens: typeof accessTokensRepository;
    readonly documents: typeof documentsRepository;
    readonly chunks: typeof chunksRepository;
    readonly tasks: typeof tasksRepository;
    readonly communications: typeof communicationsRepository;
    readonly templates: typeof templatesRepository;
    readonly timeEntries: typeof timeEntriesRepository;
    readonly expenses: typeof expensesRepository;
    readonly invoices: typeof invoicesRepository;
    readonly reports: typeof reportsRepository;
    readonly conversations: typeof conversationsRepository;
    readonly conflicts: typeof conflictsRepository;
    readonly trust: typeof trustRepository;
    readonly deadlines: typeof deadlinesRepository;
    readonly privacy: typeof privacyRepository;
    readonly aiQueries: typeof aiQueriesRepository;
    readonly roles: (ctx: RepositoryContext) => RolesRepository;
    readonly access: typeof accessRepository;
    readonly audit: typeof auditRepository;
};
export declare type TenantContext = z.infer<typeof tenantContextSchema>;
export declare class TenantContextError extends LegalError {
    readonly issues: readonly FieldIssue[];
    readonly name = "TenantContextError";
    constructor(message: string, issues?: readonly FieldIssue[], options?: ErrorOptions & {
        reason?: 'invalid' | 'foreign' | 'inactive' | 'signature';
    });
    readonly reason: 'invalid' | 'foreign' | 'inactive' | 'signature';
}
export declare const tenantContextSchema: z.ZodObject<{
    tenantId: z.ZodUUID;
    userId: z.ZodUUID;
    ip: z.ZodOptional<z.ZodUnion<readonly [z.ZodIPv4, z.ZodIPv6]>>;
    userAgent: z.ZodOptional<z.ZodString>;
    requestId: z.ZodOptional<z.ZodString>;
    reason: z.ZodOptional<z.ZodString>;
    scopes: z.ZodOptional<z.ZodArray<z.ZodString>>;
}, z.core.$strict>;
export declare type TenantRepositories = {
    readonly [K in keyof typeof TENANT_REPOSITORIES]: ReturnType<(typeof TENANT_REPOSITORIES)[K]>;
};
declare interface Tenants {
    createdAt: Generated<Timestamp>;
    id: Generated<string>;
    maxDocumentSizeBytes: Generated<Int8>;
    name: string;
    settings: Generated<Json>;
    slug: string;
    status: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare interface TenantScope extends TenantRepositories {
    readonly context: TenantContext;
    readonly db: Kysely<DB>;
    savepoint<T>(fn: (scope: TenantScope) => Promise<T>): Promise<T>;
}
export declare type TenantsRepository = ReturnType<typeof tenantsRepository>;
declare function tenantsRepository(db: Kysely<DB>, passwordHashCost: number): {
    create(input: CreateTenantInput): Promise<Tenant>;
    find: (id: string) => Promise<{
        name: string;
        id: string;
        createdAt: Date;
        updatedAt: Date;
        slug: string;
        status: string;
        maxDocumentSizeBytes: string;
        settings: string | number | boolean | JsonArray | JsonObject | null;
    } | undefined>;
    findBySlug: (slug: string) => Promise<{
        name: string;
        id: string;
        createdAt: Date;
        updatedAt: Date;
        slug: string;
        status: string;
        maxDocumentSizeBytes: string;
        settings: string | number | boolean | JsonArray | JsonObject | null;
    } | undefined>;
    get(id: string): Promise<Tenant>;
    getBySlug(slug: string): Promise<Tenant>;
};
export declare class TenantSuspendedError extends LegalError {
    readonly status: string;
    readonly name = "TenantSuspendedError";
    constructor(status: string, options?: ErrorOptions);
}
declare const threeWaySchema: z.ZodObject<{
    accountId: z.ZodUUID;
    asOf: z.ZodISODate;
}, z.core.$strict>;
declare interface TimeEntries {
    amount: Generated<Numeric | null>;
    billable: Generated<boolean>;
    caseId: string;
    createdAt: Generated<Timestamp>;
    currency: Generated<string>;
    description: string;
    id: Generated<string>;
    invoiceId: string | null;
    minutes: number;
    rate: Generated<Numeric>;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
    userId: string;
    utbmsActivityCode: string | null;
    utbmsTaskCode: string | null;
    workDate: Generated<string>;
}
export declare type TimeEntriesRepository = ReturnType<typeof timeEntriesRepository>;
declare function timeEntriesRepository(ctx: RepositoryContext): {
    create(input: CreateTimeEntryInput): Promise<TimeEntry>;
    find: (id: string) => Promise<TimeEntry | undefined>;
    get(id: string): Promise<TimeEntry>;
    list(input?: ListTimeInput): Promise<Page<TimeEntry>>;
};
export declare type TimeEntry = Selectable<TimeEntries>;
declare type Timestamp = ColumnType<Date, Date | string, Date | string>;
export declare class TransactionAbortedError extends LegalError {
    readonly firstFailure: LegalError;
    readonly name = "TransactionAbortedError";
    constructor(firstFailure: LegalError);
}
export declare type TransactionOptions = z.infer<typeof transactionOptionsSchema>;
declare const transactionOptionsSchema: z.ZodObject<{
    isolationLevel: z.ZodOptional<z.ZodEnum<{
        "read committed": "read committed";
        "repeatable read": "repeatable read";
        serializable: "serializable";
    }>>;
    readOnly: z.ZodOptional<z.ZodBoolean>;
    retries: z.ZodOptional<z.ZodNumber>;
    statementTimeoutMs: z.ZodOptional<z.ZodNumber>;
    lockTimeoutMs: z.ZodOptional<z.ZodNumber>;
}, z.core.$strict>;
declare const transferSchema: z.ZodObject<{
    invoiceId: z.ZodUUID;
    accountId: z.ZodUUID;
    clientId: z.ZodUUID;
    caseId: z.ZodOptional<z.ZodUUID>;
    amount: z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>;
    occurredOn: z.ZodOptional<z.ZodISODate>;
    description: z.ZodString;
    reference: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare type TrustAccount = Selectable<TrustAccounts>;
declare interface TrustAccounts {
    accountLast4: string | null;
    bankName: string | null;
    closedAt: Timestamp | null;
    createdAt: Generated<Timestamp>;
    createdBy: Generated<string | null>;
    currency: Generated<string>;
    id: Generated<string>;
    kind: Generated<string>;
    name: string;
    openedOn: Generated<string>;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
}
export declare type TrustBankLine = Selectable<TrustBankLines>;
declare interface TrustBankLines {
    amount: Numeric;
    bankReference: string | null;
    description: string | null;
    id: Generated<string>;
    importedAt: Generated<Timestamp>;
    importedBy: Generated<string | null>;
    matchedTransactionId: string | null;
    postedOn: string;
    tenantId: Generated<string>;
    trustAccountId: string;
}
declare interface TrustClientBalances {
    balance: Generated<Numeric>;
    clientId: string;
    tenantId: Generated<string>;
    trustAccountId: string;
    updatedAt: Generated<Timestamp>;
}
export declare type TrustDepositInput = z.input<typeof depositSchema>;
export declare type TrustDifference = {
    kind: 'bank_vs_book';
    amount: string;
} | {
    kind: 'book_vs_client_ledgers';
    amount: string;
} | {
    kind: 'unmatched_bank_line';
    lineId: string;
    postedOn: string;
    amount: string;
    description: string | null;
} | {
    kind: 'unmatched_posting';
    transactionId: string;
    occurredOn: string;
    amount: string;
    description: string;
} | {
    kind: 'negative_client_ledger';
    clientId: string;
    balance: string;
};
export declare type TrustDisbursementInput = z.input<typeof disbursementSchema>;
declare interface TrustEntries {
    amount: Numeric;
    caseId: string | null;
    clientId: string | null;
    createdAt: Generated<Timestamp>;
    id: Generated<string>;
    occurredOn: string;
    side: string;
    tenantId: Generated<string>;
    transactionId: string;
    trustAccountId: string;
}
export declare type TrustLedgerInput = z.input<typeof ledgerSchema>;
export declare interface TrustLedgerLine {
    transactionId: string;
    kind: string;
    occurredOn: string;
    caseId: string | null;
    description: string;
    amount: string;
    balance: string;
}
export declare type TrustPosting = TrustTransaction & {
    clientBalance: string;
};
export declare type TrustReconcileInput = z.input<typeof reconcileSchema>;
export declare type TrustReconciliation = Selectable<TrustReconciliations>;
declare interface TrustReconciliations {
    bookBalance: Generated<Numeric>;
    clientLedgers: Generated<Numeric>;
    id: Generated<string>;
    notes: string | null;
    periodEnd: string;
    reconciledAt: Generated<Timestamp>;
    reconciledBy: Generated<string>;
    statementBalance: Numeric;
    tenantId: Generated<string>;
    trustAccountId: string;
}
export declare type TrustRepository = ReturnType<typeof trustRepository>;
declare function trustRepository(ctx: RepositoryContext): {
    createAccount(input: CreateTrustAccountInput): Promise<TrustAccount>;
    findAccount: (id: string) => Promise<TrustAccount | undefined>;
    getAccount(id: string): Promise<TrustAccount>;
    listAccounts(): Promise<TrustAccount[]>;
    deposit(input: TrustDepositInput): Promise<TrustPosting>;
    disburse(input: TrustDisbursementInput): Promise<TrustPosting>;
    transferToOperating(input: TrustTransferInput): Promise<TrustPosting>;
    reverse(transactionId: string, input: TrustReversalInput): Promise<TrustPosting>;
    balance(input: {
        accountId: string;
        clientId: string;
    }): Promise<string>;
    ledger(input: TrustLedgerInput): Promise<{
        lines: TrustLedgerLine[];
        balance: string;
    }>;
    listTransactions(input: ListTrustTransactionsInput): Promise<TrustTransaction[]>;
    importStatement(input: TrustStatementImportInput): Promise<{
        imported: number;
        skipped: number;
    }>;
    matchStatement(accountId: string): Promise<{
        matched: number;
        unmatched: number;
    }>;
    match(lineId: string, transactionId: string): Promise<TrustBankLine>;
    threeWay(input: TrustThreeWayInput): Promise<TrustThreeWay>;
    reconcile(input: TrustReconcileInput): Promise<TrustReconciliation>;
    listReconciliations(accountId: string): Promise<TrustReconciliation[]>;
};
export declare type TrustReversalInput = z.input<typeof reversalSchema>;
export declare type TrustStatementImportInput = z.input<typeof importStatementSchema>;
export declare interface TrustThreeWay {
    accountId: string;
    asOf: string;
    bankBalance: string;
    bookBalance: string;
    clientLedgers: Array<{
        clientId: string;
        clientName: string;
        balance: string;
    }>;
    clientLedgersTotal: string;
    balanced: boolean;
    differences: TrustDifference[];
}
export declare type TrustThreeWayInput = z.input<typeof threeWaySchema>;
export declare type TrustTransaction = Selectable<TrustTransactions>;
declare interface TrustTransactions {
    amount: Numeric;
    caseId: string | null;
    clientId: string;
    createdAt: Generated<Timestamp>;
    createdBy: Generated<string>;
    description: string;
    id: Generated<string>;
    invoiceId: string | null;
    kind: string;
    occurredOn: Generated<string>;
    payee: string | null;
    reference: string | null;
    reversesId: string | null;
    tenantId: Generated<string>;
    trustAccountId: string;
}
export declare type TrustTransferInput = z.input<typeof transferSchema>;
export declare class UnawaitedWorkError extends LegalError {
    readonly operations: readonly string[];
    readonly name = "UnawaitedWorkError";
    constructor(operations: readonly string[]);
}
declare class Unit {
    private readonly setup;
    private state;
    private began;
    private beginPlanned;
    private pending;
    private failure;
    private contextFailed;
    private lost;
    private wrote;
    private dirty;
    private inflight;
    private readonly ops;
    private opCounter;
    private savepoints;
    private savepointCounter;
    private idleWaiters;
    private opened;
    private readonly onConnectionError;
    constructor(setup: UnitSetup);
    get isOpen(): boolean;
    execute(statement: Statement): Promise<StatementResult>;
    open(): Promise<void>;
    savepoint<T>(fn: () => Promise<T>): Promise<T>;
    track<T>(label: string, run: () => Promise<T>): Promise<T>;
    run<T>(fn: () => Promise<T>): Promise<T>;
    private send;
    private settleBatch;
    private isContext;
    private blocking;
    private undo;
    private unqueue;
    private rollback;
    private released;
    private release;
    private wakeIdle;
    private drain;
}
declare class UnitAccess {
    private readonly unit;
    private readonly cache;
    private readonly cacheKey;
    private grants;
    private permissions;
    private verified;
    constructor(unit: Unit, cache: GrantsCache, cacheKey: string);
    get cached(): Grants | undefined;
    established(fresh: Grants | null | undefined): void;
    current(): Promise<Grants>;
    has(code: string): Promise<boolean>;
    changedAccess(tenantId: string): void;
    require(code: string, message?: string): Promise<void>;
    requireAny(codes: readonly string[], message: string): Promise<void>;
    all(): Promise<ReadonlySet<string>>;
    private set;
}
declare interface UnitSetup {
    readonly client: pg.PoolClient;
    readonly begin: string;
    readonly context: readonly Statement[];
    readonly contextError: (error: unknown) => LegalError;
    readonly earlyCommit: boolean;
    readonly coalesceCommits: boolean;
    readonly prepared?: PreparedStatements | undefined;
    readonly onContext?: ((results: readonly StatementResult[]) => void) | undefined;
    readonly logger?: LegalLogger | undefined;
}
export declare class UnsupportedStatementError extends LegalError {
    readonly statement: string;
    readonly name = "UnsupportedStatementError";
    constructor(statement: string, hint: string);
}
export declare type UpdateCaseInput = z.input<typeof updateCaseSchema>;
declare const updateCaseSchema: z.ZodObject<{
    title: z.ZodOptional<z.ZodString>;
    description: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    clientId: z.ZodOptional<z.ZodOptional<z.ZodUUID>>;
    clientName: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    matterNumber: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    caseType: z.ZodOptional<z.ZodOptional<z.ZodEnum<{
        custom: "custom";
        litigation: "litigation";
        transactional: "transactional";
        estate: "estate";
        corporate: "corporate";
        real_estate: "real_estate";
        criminal: "criminal";
        family: "family";
    }>>>;
    priority: z.ZodOptional<z.ZodOptional<z.ZodEnum<{
        low: "low";
        medium: "medium";
        high: "high";
        urgent: "urgent";
    }>>>;
    ownerId: z.ZodOptional<z.ZodOptional<z.ZodUUID>>;
    court: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    caseNumber: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    incidentDate: z.ZodOptional<z.ZodOptional<z.ZodISODate>>;
    filingDate: z.ZodOptional<z.ZodOptional<z.ZodISODate>>;
    discoveryDeadline: z.ZodOptional<z.ZodOptional<z.ZodISODate>>;
    trialDate: z.ZodOptional<z.ZodOptional<z.ZodISODate>>;
    statuteOfLimitations: z.ZodOptional<z.ZodOptional<z.ZodISODate>>;
    caseValue: z.ZodOptional<z.ZodOptional<z.ZodPipe<z.ZodUnion<readonly [z.ZodString, z.ZodNumber]>, z.ZodTransform<string, string | number>>>>;
    tags: z.ZodOptional<z.ZodOptional<z.ZodArray<z.ZodString>>>;
    customFields: z.ZodOptional<z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>>;
}, z.core.$strict>;
export declare type UpdateClientInput = z.input<typeof updateClientSchema>;
declare const updateClientSchema: z.ZodObject<{
    name: z.ZodOptional<z.ZodString>;
    firstName: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    lastName: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    companyName: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    email: z.ZodOptional<z.ZodOptional<z.ZodEmail>>;
    phone: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    address: z.ZodOptional<z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>>;
    externalRef: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    caseNumber: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    caseType: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    notes: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    taxId: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    nationalId: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    dateOfBirth: z.ZodOptional<z.ZodOptional<z.ZodISODate>>;
}, z.core.$strict>;
export declare type UpdateTaskInput = z.input<typeof updateTaskSchema>;
declare const updateTaskSchema: z.ZodObject<{
    title: z.ZodOptional<z.ZodString>;
    description: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    status: z.ZodOptional<z.ZodEnum<{
        done: "done";
        todo: "todo";
        in_progress: "in_progress";
        blocked: "blocked";
        cancelled: "cancelled";
    }>>;
    priority: z.ZodOptional<z.ZodEnum<{
        low: "low";
        medium: "medium";
        high: "high";
        urgent: "urgent";
    }>>;
    assignedTo: z.ZodOptional<z.ZodNullable<z.ZodUUID>>;
    dueAt: z.ZodOptional<z.ZodNullable<z.ZodUnion<[z.ZodISODateTime, z.ZodPipe<z.ZodDate, z.ZodTransform<string, Date>>]>>>;
    reminderAt: z.ZodOptional<z.ZodNullable<z.ZodUnion<[z.ZodISODateTime, z.ZodPipe<z.ZodDate, z.ZodTransform<string, Date>>]>>>;
    court: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    location: z.ZodOptional<z.ZodOptional<z.ZodString>>;
}, z.core.$strict>;
export declare type UpdateUserInput = z.input<typeof updateUserSchema>;
declare const updateUserSchema: z.ZodObject<{
    fullName: z.ZodOptional<z.ZodString>;
    firstName: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    lastName: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    username: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    role: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    organization: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    barNumber: z.ZodOptional<z.ZodOptional<z.ZodString>>;
    practiceAreas: z.ZodOptional<z.ZodOptional<z.ZodArray<z.ZodString>>>;
}, z.core.$strict>;
export declare type User = Omit<Selectable<Users>, 'passwordHash'>;
export declare interface UserAccess {
    userId: string;
    active: boolean;
    role: string;
    permissions: PermissionCode[];
    cases: 'all' | {
        caseId: string;
        level: 'read' | 'write';
    }[];
    walls: string[];
}
declare interface UserPermissions {
    expiresAt: Timestamp | null;
    grantedAt: Generated<Timestamp>;
    grantedBy: string | null;
    permissionCode: string;
    tenantId: Generated<string>;
    userId: string;
}
declare interface Users {
    barNumber: string | null;
    createdAt: Generated<Timestamp>;
    deactivatedAt: Timestamp | null;
    email: string;
    emailVerified: Generated<boolean>;
    failedLoginCount: Generated<number>;
    firstName: string | null;
    fullName: string;
    id: Generated<string>;
    isActive: Generated<boolean>;
    lastLogin: Timestamp | null;
    lastName: string | null;
    lockedUntil: Timestamp | null;
    organization: string | null;
    passwordHash: string;
    passwordUpdatedAt: Timestamp | null;
    practiceAreas: Generated<string[]>;
    role: Generated<string>;
    storageNode: Generated<string>;
    subscriptionExpiresAt: Timestamp | null;
    subscriptionTier: Generated<string>;
    tenantId: Generated<string>;
    updatedAt: Generated<Timestamp>;
    username: string | null;
}
declare interface UserSessions {
    activeCaseId: string | null;
    containerId: string | null;
    containerPort: number | null;
    createdAt: Generated<Timestamp>;
    expiresAt: Timestamp;
    id: Generated<string>;
    ip: string | null;
    isActive: Generated<boolean>;
    lastActivity: Generated<Timestamp>;
    revokedAt: Timestamp | null;
    revokedReason: string | null;
    tenantId: Generated<string>;
    tokenHash: string;
    userAgent: string | null;
    userId: string;
    workspacePath: string | null;
}
export declare type UsersRepository = ReturnType<typeof usersRepository>;
declare function usersRepository(ctx: RepositoryContext): {
    create(input: CreateUserInput): Promise<User>;
    find: (id: string) => Promise<User | undefined>;
    get(id: string): Promise<User>;
    update(id: string, patch: UpdateUserInput): Promise<User>;
    deactivate(id: string): Promise<User>;
    changePassword(input: ChangePasswordInput): Promise<void>;
    setPassword(input: SetPasswordInput): Promise<void>;
    unlock(id: string): Promise<boolean>;
    list(input?: ListUsersInput): Promise<Page<User>>;
};
export declare interface UtbmsCode {
    codeSet: string;
    code: string;
    description: string;
    phase: boolean;
}
export declare function validateLedes1998B(file: string, codes: readonly UtbmsCode[]): LedesIssue[];
export declare class ValidationError extends LegalError {
    readonly issues: readonly FieldIssue[];
    readonly name = "ValidationError";
    constructor(issues: readonly FieldIssue[], options?: ErrorOptions);
}
export declare type WallInput = z.input<typeof wallSchema>;
declare const wallSchema: z.ZodObject<{
    caseId: z.ZodUUID;
    userId: z.ZodUUID;
    reason: z.ZodString;
}, z.core.$strict>;
export declare function wrapError(error: unknown): LegalError;
export { }
