<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
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
