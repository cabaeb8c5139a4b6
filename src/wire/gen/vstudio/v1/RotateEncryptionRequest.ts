// Original file: proto/vstudio/v1/admin.proto


export interface RotateEncryptionRequest {
}

export interface RotateEncryptionRequest__Output {
}
