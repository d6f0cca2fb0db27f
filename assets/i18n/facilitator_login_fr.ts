<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>FacilitatorErrors</name>
    <message>
        <source>Wrong name or password.</source>
        <translation>Nom ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>This action is reserved to facilitators.</source>
        <translation>Cette action est réservée aux animateur·rices.</translation>
    </message>
    <message>
        <source>Your facilitator session has expired: sign in again.</source>
        <translation>Votre session d&apos;animateur·rice a expiré : reconnectez-vous.</translation>
    </message>
    <message>
        <source>A group with this name already exists.</source>
        <translation>Un groupe porte déjà ce nom.</translation>
    </message>
    <message>
        <source>Give the group a name.</source>
        <translation>Donnez un nom au groupe.</translation>
    </message>
    <message>
        <source>Give the participant a name.</source>
        <translation>Donnez un nom au participant.</translation>
    </message>
    <message>
        <source>The country must be a two-letter code, e.g. SN.</source>
        <translation>Le pays doit être un code à deux lettres, par exemple SN.</translation>
    </message>
    <message>
        <source>The CSV file must start with a line of column names, including &apos;name&apos;.</source>
        <translation>Le fichier CSV doit commencer par une ligne de noms de colonnes, dont « name » (ou « nom »).</translation>
    </message>
    <message>
        <source>The CSV file has an error (see the details); nothing was imported.</source>
        <translation>Le fichier CSV contient une erreur (voir le détail) ; rien n&apos;a été importé.</translation>
    </message>
    <message>
        <source>Take the attendance first: nobody is marked present.</source>
        <translation>Faites d&apos;abord l&apos;appel : personne n&apos;est marqué présent.</translation>
    </message>
    <message>
        <source>This quiz has no questions.</source>
        <translation>Ce quiz n&apos;a pas de questions.</translation>
    </message>
    <message>
        <source>The date is not valid.</source>
        <translation>La date n&apos;est pas valide.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Une erreur s&apos;est produite : %1</translation>
    </message>
</context>
<context>
    <name>FacilitatorLoginDialog</name>
    <message>
        <source>Facilitator sign-in</source>
        <translation>Connexion animateur·rice</translation>
    </message>
    <message>
        <source>Facilitator</source>
        <translation>Animateur·rice</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>No facilitator account on this PC yet. Create one with:
cc2desktop facilitator add --name NAME</source>
        <translation>Aucun compte animateur·rice sur ce PC. Créez-en un avec :
cc2desktop facilitator add --name NOM</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
</TS>
